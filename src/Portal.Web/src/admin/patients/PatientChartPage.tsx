import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, type CodeMessages } from '../../shared/errors';
import { formatCalendarDate, formatDateTime } from '../../shared/format';
import { useClinicZone } from '../../shared/clinicZone';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { PATIENT_TABS, clinicAdminPath, newInvoicePath, patientEditPath, patientPath, type PatientTab } from '../routes';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { registrationApi, registrationKeys, type IdTypes, type PatientChart } from './api';
import { historySentence } from './historySentences';
import {
  CONTACT_METHOD_KEYS,
  COUNTRY_KEYS,
  PATIENT_LANGUAGE_KEYS,
  SEX_KEYS,
  formatPhone,
  idTypeName,
  nameOf,
  patientName,
  regionName,
} from './labels';
import { DocumentsTab } from './DocumentsTab';
import { PatientsBreadcrumb } from './PatientsBreadcrumb';
import { PatientMessagesTab } from '../messaging/PatientMessagesTab';
import { PatientQuestionnairesTab } from '../questionnaires/PatientQuestionnairesTab';
import { DataTable } from '../DataTable';

const TAB_KEYS: Record<PatientTab, string> = {
  details: msgKey('patients.tab.details'),
  documents: msgKey('patients.tab.documents'),
  portal: msgKey('patients.tab.portal'),
  messages: msgKey('messaging.chart.tab'),
  questionnaires: msgKey('questionnaires.chart.tab'),
  history: msgKey('patients.tab.history'),
};

const LOAD_ERRORS: CodeMessages = {
  patient_not_found: msgKey('patients.notFound.text'),
  forbidden: msgKey('admin.forbidden'),
};

interface Props {
  slug: string;
  clinicName: string;
  patientId: string;
  tab: PatientTab;
  navigate: Navigate;
  onSessionEnded(): void;
  /** A message key to show once, such as "Patient created." after the form. */
  notice: string | null;
}

/** A patient's chart: Details, Documents, Portal and History tabs. The chart is loaded once and kept while the tabs change. */
export function PatientChartPage({ slug, clinicName, patientId, tab, navigate, onSessionEnded, notice }: Props) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const chartKey = registrationKeys.patient(slug, patientId);
  const chartQuery = useQuery({ queryKey: chartKey, queryFn: ({ signal }) => registrationApi.patient(slug, patientId, signal) });
  const chart = chartQuery.data ?? null;
  const setChart = (saved: PatientChart) => {
    // The lists are stale; the saved chart is the server's answer, fresh.
    void queryClient.invalidateQueries({ queryKey: registrationKeys.patients(slug), refetchType: 'none' });
    queryClient.setQueryData(chartKey, saved);
  };
  // Only to name the clinic's own ID types; the chart shows their codes without it.
  const idTypes = useQuery({ queryKey: registrationKeys.idTypes(slug), queryFn: ({ signal }) => registrationApi.idTypes(slug, signal) }).data ?? null;
  // Filled after the region is in the page, so that screen readers announce it.
  const [shownNotice, setShownNotice] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => setShownNotice(notice), [notice]);

  // Arriving from a save, the page starts at the patient's name rather than at the top of the document.
  const loaded = chart !== null;
  const arrivedWithNotice = useRef(notice !== null);
  useEffect(() => {
    if (loaded && arrivedWithNotice.current) {
      arrivedWithNotice.current = false;
      heading.current?.focus();
    }
  }, [loaded]);

  const noticeRegion = (
    <div role="status" className="status-region">
      {shownNotice && <p className="message success">{t(shownNotice)}</p>}
    </div>
  );

  const name = chart ? patientName(chart, t) : null;
  useDocumentTitle(
    name ? t('patients.chart.pageTitle', { name, tab: t(TAB_KEYS[tab]), clinic: clinicName }) : t('patients.chart.loadingTitle', { clinic: clinicName }),
  );

  const listPath = clinicAdminPath(slug, 'patients');

  if (!chart) {
    const notFound = chartQuery.error instanceof ApiError && chartQuery.error.status === 404;
    return (
      <>
        <PatientsBreadcrumb href={listPath} navigate={navigate} />
        <h1>{notFound ? t('patients.notFound.title') : t('patients.chart.heading')}</h1>
        {noticeRegion}
        {notFound ? (
          <>
            <div role="alert" className="message error">
              <p>{errorMessage(chartQuery.error, t, LOAD_ERRORS)}</p>
            </div>
            <p>
              <a href={listPath} onClick={(event) => followLink(event, navigate)}>
                {t('patients.backToList')}
              </a>
            </p>
          </>
        ) : (
          <QueryState query={chartQuery} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
            {() => null}
          </QueryState>
        )}
      </>
    );
  }

  return (
    <>
      <PatientsBreadcrumb href={listPath} navigate={navigate} />
      <div className="chart-heading">
        <h1 tabIndex={-1} ref={heading}>
          {name}
        </h1>
        <p className="chart-facts">
          <span>{t('patients.chart.born', { date: formatCalendarDate(chart.dateOfBirth, lang) })}</span>
          {chart.chartNumber && <span>{t('patients.chart.chartNumber', { number: chart.chartNumber })}</span>}
          {!chart.active && <span className="badge badge-neutral">{t('patients.inactive')}</span>}
        </p>
      </div>
      {noticeRegion}
      <nav className="tabs" aria-label={t('patients.chart.tabs', { name: name! })}>
        <ul>
          {PATIENT_TABS.map((candidate) => (
            <li key={candidate}>
              <a
                href={patientPath(slug, patientId, candidate)}
                aria-current={candidate === tab ? 'page' : undefined}
                onClick={(event) => followLink(event, navigate)}
              >
                {t(TAB_KEYS[candidate])}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="tab-panel">
        {tab === 'details' ? (
          <DetailsTab chart={chart} idTypes={idTypes} editPath={patientEditPath(slug, patientId)} invoicePath={newInvoicePath(slug, patientId)} navigate={navigate} />
        ) : tab === 'documents' ? (
          <DocumentsTab slug={slug} patientId={patientId} onSessionEnded={onSessionEnded} />
        ) : tab === 'portal' ? (
          <PortalTab slug={slug} chart={chart} onChange={setChart} onSessionEnded={onSessionEnded} />
        ) : tab === 'messages' ? (
          <PatientMessagesTab slug={slug} patientId={patientId} navigate={navigate} onSessionEnded={onSessionEnded} />
        ) : tab === 'questionnaires' ? (
          <PatientQuestionnairesTab slug={slug} patientId={patientId} navigate={navigate} onSessionEnded={onSessionEnded} />
        ) : (
          <HistoryTab slug={slug} patientId={patientId} onSessionEnded={onSessionEnded} />
        )}
      </div>
    </>
  );
}

function DetailsTab({
  chart,
  idTypes,
  editPath,
  invoicePath,
  navigate,
}: {
  chart: PatientChart;
  idTypes: IdTypes | null;
  editPath: string;
  invoicePath: string;
  navigate: Navigate;
}) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const none = <span className="muted">{t('patients.none')}</span>;
  const { address } = chart;
  return (
    <>
      <div className="page-heading">
        <h2>{t('patients.tab.details')}</h2>
        <a className="button" href={editPath} onClick={(event) => followLink(event, navigate)}>
          {t('patients.chart.edit')}
        </a>{' '}
        <a className="button secondary" href={invoicePath} onClick={(event) => followLink(event, navigate)}>
          {t('billing.chart.newInvoice')}
        </a>
      </div>
      <dl className="details">
        <Detail label={t('patients.field.legalGivenName')}>{chart.legalGivenName}</Detail>
        <Detail label={t('patients.field.legalFamilyName')}>{chart.legalFamilyName}</Detail>
        <Detail label={t('patients.field.preferredName')}>{chart.preferredName ?? none}</Detail>
        <Detail label={t('patients.field.dateOfBirth')}>{formatCalendarDate(chart.dateOfBirth, lang)}</Detail>
        <Detail label={t('patients.field.sex')}>{nameOf(SEX_KEYS, chart.sex, t)}</Detail>
        <Detail label={t('patients.field.gender')}>{chart.gender ?? none}</Detail>
        <Detail label={t('patients.field.chartNumber')}>{chart.chartNumber ?? none}</Detail>
        <Detail label={t('patients.field.emails')}>
          {chart.emails.length > 0 ? <Lines values={chart.emails} /> : none}
        </Detail>
        <Detail label={t('patients.field.mobiles')}>
          {chart.mobiles.length > 0 ? <Lines values={chart.mobiles.map(formatPhone)} /> : none}
        </Detail>
        <Detail label={t('patients.field.preferredContactMethod')}>{nameOf(CONTACT_METHOD_KEYS, chart.preferredContactMethod, t)}</Detail>
        <Detail label={t('patients.field.preferredLanguage')}>{nameOf(PATIENT_LANGUAGE_KEYS, chart.preferredLanguage, t)}</Detail>
        <Detail label={t('patients.field.address')}>
          {address ? (
            <Lines
              values={[
                address.line1,
                ...(address.line2 ? [address.line2] : []),
                t('patients.address.cityLine', { city: address.city, region: regionName(address.country, address.province, t), postalCode: address.postalCode }),
                nameOf(COUNTRY_KEYS, address.country, t),
              ]}
            />
          ) : (
            none
          )}
        </Detail>
        <Detail label={t('patients.field.identifiers')}>
          {chart.identifiers.length > 0 ? (
            <ul className="plain-list">
              {chart.identifiers.map((identifier) => (
                <li key={identifier.type}>
                  <span className="cell-note">{idTypeName(identifier.type, idTypes, lang, t)}</span>
                  {identifier.versionCode
                    ? t('patients.identifier.withVersion', { number: identifier.number, version: identifier.versionCode })
                    : identifier.number}
                </li>
              ))}
            </ul>
          ) : (
            none
          )}
        </Detail>
        <Detail label={t('patients.field.active')}>{chart.active ? t('patients.yes') : t('patients.no')}</Detail>
        <Detail label={t('patients.chart.updatedAt')}>{formatDateTime(chart.updatedAt, lang, zone)}</Detail>
      </dl>
    </>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="detail">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Lines({ values }: { values: string[] }) {
  return (
    <>
      {values.map((value, index) => (
        <span className="cell-line" key={index}>
          {value}
        </span>
      ))}
    </>
  );
}

const PORTAL_ERRORS: CodeMessages = {
  patient_not_found: msgKey('patients.notFound.text'),
  forbidden: msgKey('admin.forbidden'),
};

/** S11: the patient's own portal access, On or Off. */
function PortalTab({ slug, chart, onChange, onSessionEnded }: { slug: string; chart: PatientChart; onChange(chart: PatientChart): void; onSessionEnded(): void }) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const { portal } = chart;
  const [choice, setChoice] = useState<boolean>(portal.access);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [statusKey, setStatusKey] = useState<string | null>(null);

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) {
      return;
    }
    setSaving(true);
    setError(null);
    setStatusKey(null);
    try {
      const saved = await registrationApi.setPortalAccess(slug, chart.id, choice);
      onChange(saved);
      setChoice(saved.portal.access);
      setStatusKey(saved.portal.access ? msgKey('patients.portal.savedOn') : msgKey('patients.portal.savedOff'));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
        return;
      }
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  const unreachable = portal.signInContacts.length === 0;
  return (
    <>
      <h2>{t('patients.portal.heading')}</h2>
      <p>{t('patients.portal.intro')}</p>
      <form className="settings-form" noValidate onSubmit={save}>
        <fieldset aria-describedby="portal-access-help">
          <legend className="setting-label">{t('patients.portal.access')}</legend>
          <p className="help" id="portal-access-help">
            {t('patients.portal.current', { state: portal.access ? t('patients.portal.on') : t('patients.portal.off') })}
          </p>
          <div className="check-row">
            <div className="check">
              <input type="radio" id="portal-access-on" name="portalAccess" value="on" checked={choice} onChange={() => setChoice(true)} />
              <label htmlFor="portal-access-on">{t('patients.portal.on')}</label>
            </div>
            <div className="check">
              <input type="radio" id="portal-access-off" name="portalAccess" value="off" checked={!choice} onChange={() => setChoice(false)} />
              <label htmlFor="portal-access-off">{t('patients.portal.off')}</label>
            </div>
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" aria-disabled={saving ? true : undefined}>
            {t('patients.portal.save')}
          </button>
        </div>
        <div role="status" className="status-region">
          {saving ? <p>{t('patients.portal.saving')}</p> : statusKey ? <p className="message success">{t(statusKey)}</p> : null}
        </div>
        {error !== null && (
          <div role="alert" className="message error">
            <p>
              <strong>{t('patients.portal.notSaved')}</strong> {errorMessage(error, t, PORTAL_ERRORS)}
            </p>
          </div>
        )}
      </form>

      <dl className="facts">
        <div>
          <dt>{t('patients.portal.lastChanged')}</dt>
          <dd>
            {portal.changedAt
              ? portal.changedBy
                ? t('patients.portal.changedAtBy', { date: formatDateTime(portal.changedAt, lang, zone), name: portal.changedBy })
                : formatDateTime(portal.changedAt, lang, zone)
              : t('patients.portal.neverChanged')}
          </dd>
        </div>
        <div>
          <dt>{t('patients.portal.lastSignIn')}</dt>
          <dd>{portal.lastSignInAt ? formatDateTime(portal.lastSignInAt, lang, zone) : t('patients.portal.neverSignedIn')}</dd>
        </div>
      </dl>

      <h3>{t('patients.portal.contacts.heading')}</h3>
      <p className="help">{t('patients.portal.contacts.help')}</p>
      {unreachable ? (
        <p className="message note">{t('patients.portal.contacts.none')}</p>
      ) : (
        <ul className="plain-list">
          {portal.signInContacts.map((contact) => (
            <li key={`${contact.kind}:${contact.value}`}>
              <span className="cell-note">
                {contact.kind === 'email' ? t('patients.portal.contact.email') : contact.kind === 'mobile' ? t('patients.portal.contact.mobile') : contact.kind}
              </span>
              {contact.kind === 'mobile' ? formatPhone(contact.value) : contact.value}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

const HISTORY_ERRORS: CodeMessages = {
  patient_not_found: msgKey('patients.notFound.text'),
  forbidden: msgKey('admin.forbidden'),
};

/** Who opened or changed the chart, newest first, each row a sentence; the server folds repeated views into one row. */
function HistoryTab({ slug, patientId, onSessionEnded }: { slug: string; patientId: string; onSessionEnded(): void }) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const history = useQuery({
    queryKey: [...registrationKeys.patient(slug, patientId), 'history'],
    queryFn: ({ signal }) => registrationApi.history(slug, patientId, signal).then((answer) => answer.items),
  });

  return (
    <>
      <h2 id="patient-history-heading">{t('patients.history.heading')}</h2>
      <p>{t('patients.history.intro')}</p>
      <QueryState
        query={history}
        errorMessages={HISTORY_ERRORS}
        onSessionEnded={onSessionEnded}
        isEmpty={(entries) => entries.length === 0}
        empty={t('patients.history.empty')}
      >
        {(entries) => (
        <DataTable labelledBy="patient-history-heading">
          <thead>
            <tr>
              <th scope="col">{t('patients.history.when')}</th>
              <th scope="col">{t('patients.history.event')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry, index) => (
              <tr key={`${entry.occurredAt}-${index}`}>
                <td className="nowrap-wide">
                  <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt, lang, zone)}</time>
                </td>
                <td>{historySentence(entry, lang, t, zone)}</td>
              </tr>
            ))}
          </tbody>
                </DataTable>
        )}
      </QueryState>
    </>
  );
}
