import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { errorMessage } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { useClinicZone } from '../../shared/clinicZone';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { useRowRemoval } from '../../shared/useRowRemoval';
import { clinicAdminPath, composePath, draftPath } from '../routes';
import { messagingApi, messagingKeys, type Draft } from './api';
import { MessagingBreadcrumb } from './MessagingBreadcrumb';

interface Props {
  slug: string;
  clinicName: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** The caller's own drafts, newest first: open one to finish and send it, or delete it. */
export function DraftsPage({ slug, clinicName, navigate, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  useDocumentTitle(t('messaging.drafts.pageTitle', { clinic: clinicName }));
  const queryClient = useQueryClient();
  const key = messagingKeys.drafts(slug);
  const drafts = useQuery({ queryKey: key, queryFn: ({ signal }) => messagingApi.drafts(slug, signal), staleTime: 0 });
  const [status, setStatus] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const subjectOf = (draft: Draft) => draft.subject || (draft.conversationId ? t('messaging.drafts.reply') : t('messaging.drafts.noSubject'));

  const removal = useRowRemoval<Draft>({
    run: (draft) => messagingApi.deleteDraft(slug, draft.id),
    goneCodes: ['draft_not_found'],
    onStart: () => setStatus(null),
    onRemoved: (draft) => {
      queryClient.setQueryData<Draft[]>(key, (current) => current?.filter((candidate) => candidate.id !== draft.id));
      setStatus(t('messaging.drafts.deleted', { subject: subjectOf(draft) }));
    },
    focusAfter: () => heading.current?.focus(),
    onSessionEnded,
  });

  return (
    <>
      <MessagingBreadcrumb href={clinicAdminPath(slug, 'messages')} navigate={navigate} />
      <div className="page-heading">
        <h1 tabIndex={-1} ref={heading}>
          {t('messaging.drafts.heading')}
        </h1>
        <a className="button" href={composePath(slug)} onClick={(event) => followLink(event, navigate)}>
          {t('messaging.newMessage')}
        </a>
      </div>
      <p>{t('messaging.drafts.intro')}</p>
      <div role="status" className="status-region">
        {status && <p className="message success">{status}</p>}
      </div>
      {removal.error !== null && (
        <div role="alert" className="message error">
          <p>{errorMessage(removal.error, t)}</p>
        </div>
      )}
      <QueryState query={drafts} onSessionEnded={onSessionEnded} isEmpty={(list) => list.length === 0} empty={t('messaging.drafts.empty')}>
        {(list) => (
          <div className="table-scroll" role="region" aria-labelledby="drafts-table-caption" tabIndex={0}>
            <table className="data-table">
              <caption id="drafts-table-caption" className="visually-hidden">
                {t('messaging.drafts.heading')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('messaging.column.subject')}</th>
                  <th scope="col">{t('messaging.column.patient')}</th>
                  <th scope="col">{t('messaging.drafts.saved')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('messaging.drafts.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((draft) => (
                  <tr key={draft.id}>
                    <th scope="row">
                      <a href={draftPath(slug, draft.id)} onClick={(event) => followLink(event, navigate)}>
                        {subjectOf(draft)}
                      </a>
                      {draft.attachments.length > 0 && (
                        <>
                          <br />
                          <span className="muted">
                            {draft.attachments.length === 1
                              ? t('messaging.attachments.count.one')
                              : t('messaging.attachments.count.other', { count: draft.attachments.length })}
                          </span>
                        </>
                      )}
                    </th>
                    <td>{draft.patient.displayName}</td>
                    <td className="nowrap">{formatDateTime(draft.updatedAt, lang, zone)}</td>
                    <td>
                      <button
                        type="button"
                        className="secondary"
                        aria-disabled={removal.removing !== null ? true : undefined}
                        aria-label={t('messaging.drafts.deleteNamed', { subject: subjectOf(draft), name: draft.patient.displayName })}
                        onClick={() => void removal.remove(draft)}
                      >
                        {t('messaging.drafts.delete')}
                      </button>
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
