import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../../shared/api';
import { errorMessage, fieldMessages, type CodeMessages } from '../../../shared/errors';
import { describedBy, FieldError } from '../../../shared/FieldError';
import { formatDateTime } from '../../../shared/format';
import { useClinicZone } from '../../../shared/clinicZone';
import { useDocumentTitle, useI18n } from '../../../shared/i18n/I18nProvider';
import { msgKey } from '../../../shared/i18n/translate';
import { QueryState } from '../../../shared/QueryState';
import { followLink, type Navigate } from '../../../shared/useLocationPath';
import { bulkProgressPath, clinicAdminPath } from '../../routes';
import { messagingApi, messagingKeys } from '../api';
import { MessagingBreadcrumb } from '../MessagingBreadcrumb';
import { BULK_PORTAL_ACCESS, BULK_STATUSES, bulkApi, bulkKeys, type BulkGroup, type BulkMessage, type BulkPortalAccess, type BulkStatus } from './api';

const SUBJECT_MAX_LENGTH = 200;
const BODY_MAX_LENGTH = 10000;

const START_ERRORS: CodeMessages = {
  validation_failed: msgKey('bulk.error.fields'),
  replies_disabled_by_clinic: msgKey('bulk.error.repliesOff'),
  group_empty: msgKey('bulk.error.emptyGroup'),
  empty_range: msgKey('bulk.error.range'),
  forbidden: msgKey('admin.forbidden'),
};

const LOAD_ERRORS: CodeMessages = { forbidden: msgKey('admin.forbidden') };

type Field = 'subject' | 'body';

interface GroupForm {
  q: string;
  status: BulkStatus;
  portalAccess: BulkPortalAccess;
  bornBefore: string;
  bornOnOrAfter: string;
}

const toGroup = (form: GroupForm): BulkGroup => ({
  q: form.q.trim() === '' ? null : form.q.trim(),
  status: form.status,
  portalAccess: form.portalAccess,
  bornBefore: form.bornBefore === '' ? null : form.bornBefore,
  bornOnOrAfter: form.bornOnOrAfter === '' ? null : form.bornOnOrAfter,
});

interface Props {
  slug: string;
  clinicName: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** A bulk message (X9): choose the group with the patient search's filters, see how many it reaches, write the message, send. */
export function BulkMessagePage({ slug, clinicName, navigate, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  useDocumentTitle(t('bulk.pageTitle', { clinic: clinicName }));
  const defaults = useQuery({ queryKey: messagingKeys.defaults(slug), queryFn: ({ signal }) => messagingApi.defaults(slug, signal) });
  const earlier = useQuery({ queryKey: bulkKeys.all(slug), queryFn: ({ signal }) => bulkApi.list(slug, signal) });
  const [group, setGroup] = useState<GroupForm>({ q: '', status: 'active', portalAccess: 'yes', bornBefore: '', bornOnOrAfter: '' });
  const [counted, setCounted] = useState<BulkGroup | null>(null);
  const preview = useQuery({
    queryKey: bulkKeys.preview(slug, counted ?? toGroup(group)),
    queryFn: ({ signal }) => bulkApi.preview(slug, counted!, signal),
    enabled: counted !== null,
    retry: false,
  });
  const canAllowReplies = defaults.data?.allowRepliesAvailable ?? false;
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [allowReplies, setAllowReplies] = useState<boolean | null>(null);
  const replies = canAllowReplies && (allowReplies ?? defaults.data?.allowReplies ?? false);
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  const setGroupField = <K extends keyof GroupForm>(name: K, value: GroupForm[K]) => {
    setGroup((current) => ({ ...current, [name]: value }));
    setCounted(null);
  };

  const count = () => setCounted(toGroup(group));

  const send = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) {
      return;
    }
    const found: Partial<Record<Field, string>> = {};
    if (subject.trim() === '') {
      found.subject = t('bulk.subject.required');
    } else if (subject.length > SUBJECT_MAX_LENGTH) {
      found.subject = t('bulk.tooLong', { max: SUBJECT_MAX_LENGTH });
    }
    if (body.trim() === '') {
      found.body = t('bulk.body.required');
    } else if (body.length > BODY_MAX_LENGTH) {
      found.body = t('bulk.tooLong', { max: BODY_MAX_LENGTH });
    }
    setProblems(found);
    setError(null);
    if (Object.keys(found).length > 0) {
      document.getElementById(found.subject ? 'bulk-subject' : 'bulk-body')?.focus();
      return;
    }
    setBusy(true);
    try {
      const started = await bulkApi.start(slug, { group: toGroup(group), subject, body, allowReplies: replies });
      navigate(bulkProgressPath(slug, started.id));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
        return;
      }
      const server = fieldMessages(caught, t, {});
      setProblems({ subject: server.subject?.join(' '), body: server.body?.join(' ') });
      setError(caught);
      alertRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const fieldCode = error instanceof ApiError ? Object.values(error.fieldCodes ?? {}).flat()[0] : undefined;
  return (
    <>
      <MessagingBreadcrumb href={clinicAdminPath(slug, 'messages')} navigate={navigate} />
      <h1>{t('bulk.heading')}</h1>
      <p>{t('bulk.intro')}</p>
      <form className="patient-form compose-form" noValidate onSubmit={(event) => void send(event)} aria-labelledby="bulk-heading-group bulk-heading-message">
        <div role="alert" className="alert-region" ref={alertRef} tabIndex={-1}>
          {error !== null && (
            <div className="message error">
              <p>{fieldCode && START_ERRORS[fieldCode] ? t(START_ERRORS[fieldCode]) : errorMessage(error, t, START_ERRORS)}</p>
            </div>
          )}
        </div>
        <fieldset>
          <legend id="bulk-heading-group">{t('bulk.group')}</legend>
          <div className="field">
            <label htmlFor="bulk-q">{t('bulk.group.q')}</label>
            <p className="help" id="bulk-q-help">
              {t('bulk.group.q.help')}
            </p>
            <input id="bulk-q" type="search" maxLength={100} value={group.q} aria-describedby="bulk-q-help" onChange={(event) => setGroupField('q', event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="bulk-status">{t('bulk.group.status')}</label>
            <select id="bulk-status" value={group.status} onChange={(event) => setGroupField('status', event.target.value as BulkStatus)}>
              {BULK_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`bulk.group.status.${status}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="bulk-portal-access">{t('bulk.group.portalAccess')}</label>
            <select id="bulk-portal-access" value={group.portalAccess} onChange={(event) => setGroupField('portalAccess', event.target.value as BulkPortalAccess)}>
              {BULK_PORTAL_ACCESS.map((access) => (
                <option key={access} value={access}>
                  {t(`bulk.group.portalAccess.${access}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="bulk-born-before">{t('bulk.group.bornBefore')}</label>
            <input id="bulk-born-before" type="date" value={group.bornBefore} onChange={(event) => setGroupField('bornBefore', event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="bulk-born-after">{t('bulk.group.bornOnOrAfter')}</label>
            <input id="bulk-born-after" type="date" value={group.bornOnOrAfter} onChange={(event) => setGroupField('bornOnOrAfter', event.target.value)} />
          </div>
          <div className="form-actions">
            <button type="button" className="secondary" onClick={count}>
              {t('bulk.group.count')}
            </button>
          </div>
          <div role="status" className="status-region">
            {counted !== null && preview.isFetching && <p>{t('bulk.preview.counting')}</p>}
            {counted !== null && preview.data && !preview.isFetching && (
              <>
                <p>
                  {t('bulk.preview.summary', { selected: preview.data.selected, wouldSend: preview.data.wouldSend, skipped: preview.data.skipped })}
                </p>
                {preview.data.skipped > 0 && (
                  <p>
                    {t('bulk.preview.skippedDetail', {
                      noPortalAccess: preview.data.skippedNoPortalAccess,
                      inactive: preview.data.skippedInactive,
                      noUsableContact: preview.data.skippedNoUsableContact,
                    })}
                  </p>
                )}
              </>
            )}
          </div>
          {counted !== null && preview.isError && (
            <div role="alert" className="message error">
              <p>{errorMessage(preview.error, t, START_ERRORS)}</p>
            </div>
          )}
        </fieldset>
        <fieldset>
          <legend id="bulk-heading-message">{t('bulk.message')}</legend>
          <div className="field">
            <label htmlFor="bulk-subject">{t('bulk.subject')}</label>
            <input
              id="bulk-subject"
              type="text"
              maxLength={SUBJECT_MAX_LENGTH}
              value={subject}
              onChange={(event) => setSubject(event.target.value)}
              aria-invalid={problems.subject ? true : undefined}
              aria-describedby={describedBy(problems.subject && 'bulk-subject-error')}
            />
            <FieldError id="bulk-subject-error" message={problems.subject ?? null} />
          </div>
          <div className="field">
            <label htmlFor="bulk-body">{t('bulk.body')}</label>
            <p className="help" id="bulk-body-help">
              {t('bulk.body.help')}
            </p>
            <textarea
              id="bulk-body"
              rows={10}
              value={body}
              onChange={(event) => setBody(event.target.value)}
              aria-invalid={problems.body ? true : undefined}
              aria-describedby={describedBy('bulk-body-help', problems.body && 'bulk-body-error')}
            />
            <FieldError id="bulk-body-error" message={problems.body ?? null} />
          </div>
          <div className="field">
            <div className="check">
              <input
                id="bulk-allow-replies"
                type="checkbox"
                checked={replies}
                disabled={!canAllowReplies}
                onChange={(event) => setAllowReplies(event.target.checked)}
                aria-describedby="bulk-allow-replies-help"
              />
              <label htmlFor="bulk-allow-replies">{t('bulk.allowReplies')}</label>
            </div>
            <p className="help" id="bulk-allow-replies-help">
              {canAllowReplies ? t('bulk.allowReplies.help') : t('bulk.allowReplies.off')}
            </p>
          </div>
        </fieldset>
        <div role="status" className="status-region">
          {busy && <p>{t('bulk.sending')}</p>}
        </div>
        <div className="form-actions">
          <button type="submit" aria-disabled={busy ? true : undefined}>
            {t('bulk.send')}
          </button>
        </div>
      </form>

      <h2 id="bulk-earlier">{t('bulk.previous')}</h2>
      <QueryState
        query={earlier}
        errorMessages={LOAD_ERRORS}
        onSessionEnded={onSessionEnded}
        isEmpty={(page) => page.items.length === 0}
        empty={t('bulk.previous.empty')}
      >
        {(page) => (
          <div className="table-scroll">
            <table aria-labelledby="bulk-earlier">
              <thead>
                <tr>
                  <th scope="col">{t('bulk.column.subject')}</th>
                  <th scope="col">{t('bulk.column.created')}</th>
                  <th scope="col">{t('bulk.column.state')}</th>
                  <th scope="col">{t('bulk.column.progress')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((item: BulkMessage) => (
                  <tr key={item.id}>
                    <td>
                      <a href={bulkProgressPath(slug, item.id)} onClick={(event) => followLink(event, navigate)}>
                        {item.subject}
                      </a>
                    </td>
                    <td>{formatDateTime(item.createdAt, lang, zone)}</td>
                    <td>{t(`bulk.state.${item.state}`)}</td>
                    <td>
                      {item.sent} / {item.skipped} / {item.selected}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </>
  );
}
