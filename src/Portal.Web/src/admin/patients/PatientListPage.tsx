import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage } from '../../shared/errors';
import { formatCalendarDate } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { Loading } from '../../shared/Status';
import { clinicAdminPath, patientPath } from '../routes';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { registrationApi, registrationKeys, type IdTypes, type PatientListItem } from './api';
import { STATUS_FILTER_KEYS, formatPhone, idTypeName, sortableName } from './labels';
import { MAX_QUERY_LENGTH, PAGE_SIZE, STATUSES, parseListQuery, patientListPath, sameQuery, type ListQuery } from './listQuery';
import { DataTable } from '../DataTable';

const MATCHED_BY_KEYS: Readonly<Record<string, string>> = {
  name: msgKey('patients.list.matchedBy.name'),
  identifier: msgKey('patients.list.matchedBy.identifier'),
  phone: msgKey('patients.list.matchedBy.phone'),
  email: msgKey('patients.list.matchedBy.email'),
  dateOfBirth: msgKey('patients.list.matchedBy.dateOfBirth'),
};

const EMPTY_KEYS: Readonly<Record<string, string>> = {
  active: msgKey('patients.list.empty.active'),
  inactive: msgKey('patients.list.empty.inactive'),
  all: msgKey('patients.list.empty.all'),
};

const LOAD_ERRORS = { forbidden: msgKey('admin.forbidden') };

interface Props {
  slug: string;
  clinicName: string;
  /** The address's query string: what to search for. */
  search: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

interface Results {
  query: ListQuery;
  items: PatientListItem[];
  hasMore: boolean;
  matchedBy: string;
}

/** Patients: one search box, a status filter, and the matching patients, more on request. */
export function PatientListPage({ slug, clinicName, search, navigate, onSessionEnded }: Props) {
  const { t } = useI18n();
  useDocumentTitle(t('patients.list.pageTitle', { clinic: clinicName }));
  const query = useMemo(() => parseListQuery(search), [search]);
  const [draft, setDraft] = useState(query.q);
  const [draftStatus, setDraftStatus] = useState(query.status);
  const [focusRow, setFocusRow] = useState<number | null>(null);
  const tableBody = useRef<HTMLTableSectionElement>(null);

  // Back and Forward change the address: the form follows it.
  useEffect(() => {
    setDraft(query.q);
    setDraftStatus(query.status);
  }, [query.q, query.status]);

  const { q, status } = query;
  const list = useInfiniteQuery({
    queryKey: [...registrationKeys.patients(slug), 'list', q, status],
    queryFn: ({ pageParam, signal }) => registrationApi.patients(slug, { q, status, offset: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => (last.hasMore ? uniquePatients(pages).length : undefined),
    select: (data): Results => ({
      query: { q, status },
      items: uniquePatients(data.pages),
      hasMore: data.pages.at(-1)?.hasMore ?? false,
      matchedBy: data.pages[0]?.matchedBy ?? 'all',
    }),
    // Staff register patients all day: a list shown again is reloaded.
    staleTime: 0,
  });
  // Only for naming the clinic's own ID types; the list works without it.
  const idTypes = useQuery({ queryKey: registrationKeys.idTypes(slug), queryFn: ({ signal }) => registrationApi.idTypes(slug, signal) }).data ?? null;

  // After "Show more", focus moves to the first patient added.
  useEffect(() => {
    if (focusRow !== null) {
      tableBody.current?.rows[focusRow]?.querySelector('a')?.focus();
      setFocusRow(null);
    }
  }, [focusRow]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = { q: draft, status: draftStatus };
    navigate(patientListPath(slug, next));
    // Searching again for the same thing reloads the list.
    if (sameQuery(parseListQuery(patientListPath(slug, next).split('?')[1] ?? ''), query)) {
      void list.refetch();
    }
  };

  const current = list.data ?? null;
  const loadingMore = list.isFetchingNextPage;
  const moreError = list.isFetchNextPageError ? list.error : null;

  const showMore = async () => {
    if (!current || loadingMore) {
      return;
    }
    const shown = current.items.length;
    const result = await list.fetchNextPage();
    if (result.error instanceof ApiError && result.error.status === 401) {
      onSessionEnded();
    } else if (result.data && result.data.items.length > shown) {
      setFocusRow(shown);
    }
  };

  const newPatientPath = clinicAdminPath(slug, 'patients/new');

  return (
    <>
      <div className="page-heading">
        <h1>{t('patients.list.heading')}</h1>
        <a className="button" href={newPatientPath} onClick={(event) => followLink(event, navigate)}>
          {t('patients.list.newPatient')}
        </a>
      </div>

      <form className="search-form" role="search" aria-label={t('patients.list.search.label')} noValidate onSubmit={submit}>
        <div className="field search-field">
          <label htmlFor="patient-search">{t('patients.list.search.label')}</label>
          <p className="help" id="patient-search-help">
            {t('patients.list.search.hint')}
          </p>
          <input
            id="patient-search"
            name="q"
            type="search"
            maxLength={MAX_QUERY_LENGTH}
            autoComplete="off"
            spellCheck={false}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            aria-describedby="patient-search-help"
          />
        </div>
        <div className="field">
          <label htmlFor="patient-status">{t('patients.list.status.label')}</label>
          <select id="patient-status" name="status" value={draftStatus} onChange={(event) => setDraftStatus(event.target.value as ListQuery['status'])}>
            {STATUSES.map((code) => (
              <option key={code} value={code}>
                {t(STATUS_FILTER_KEYS[code]!)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit">{t('patients.list.search.submit')}</button>
          {query.q && (
            <a
              className="button secondary"
              href={patientListPath(slug, { ...query, q: '' })}
              onClick={(event) => followLink(event, navigate)}
            >
              {t('patients.list.search.clear')}
            </a>
          )}
        </div>
      </form>

      <h2 id="patient-results">{query.q ? t('patients.list.resultsFor', { q: query.q }) : t(STATUS_FILTER_KEYS[query.status]!)}</h2>
      <div role="status" className="status-region">
        {current &&
          (current.items.length === 0 ? (
            <EmptyList query={query} />
          ) : (
            <p>
              {current.hasMore
                ? t('patients.list.countMore', { count: current.items.length })
                : current.items.length === 1
                  ? t('patients.list.count.one')
                  : t('patients.list.count.other', { count: current.items.length })}
              {MATCHED_BY_KEYS[current.matchedBy] && <> {t(MATCHED_BY_KEYS[current.matchedBy]!)}</>}
            </p>
          ))}
      </div>
      <QueryState query={list} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {(current) =>
          current.items.length > 0 && (
            <>
              <DataTable labelledBy="patient-results" className="patients-table">
                <thead>
                  <tr>
                    <th scope="col">{t('patients.list.column.name')}</th>
                    <th scope="col">{t('patients.list.column.dateOfBirth')}</th>
                    <th scope="col">{t('patients.list.column.identifier')}</th>
                    <th scope="col">{t('patients.list.column.chartNumber')}</th>
                    <th scope="col">{t('patients.list.column.contact')}</th>
                    <th scope="col">{t('patients.list.column.portal')}</th>
                  </tr>
                </thead>
                <tbody ref={tableBody}>
                  {current.items.map((patient) => (
                    <PatientRow key={patient.id} slug={slug} patient={patient} idTypes={idTypes} navigate={navigate} />
                  ))}
                </tbody>
                            </DataTable>
              {current.hasMore && (
                <div className="form-actions">
                  <button type="button" className="secondary" aria-disabled={loadingMore ? true : undefined} onClick={() => void showMore()}>
                    {t('patients.list.more')}
                  </button>
                </div>
              )}
              {loadingMore && <Loading />}
              {moreError !== null && (
                <div role="alert" className="message error">
                  <p>{errorMessage(moreError, t, LOAD_ERRORS)}</p>
                </div>
              )}
            </>
          )
        }
      </QueryState>
    </>
  );
}

/** The pages' patients in order, each once: a patient registered meanwhile can move a later page's items back. */
function uniquePatients(pages: readonly { items: PatientListItem[] }[]): PatientListItem[] {
  const seen = new Set<string>();
  return pages
    .flatMap((page) => page.items)
    .filter((item) => {
      if (seen.has(item.id)) {
        return false;
      }
      seen.add(item.id);
      return true;
    });
}

function EmptyList({ query }: { query: ListQuery }) {
  const { t } = useI18n();
  if (!query.q) {
    return <p>{t(EMPTY_KEYS[query.status]!)}</p>;
  }
  return (
    <>
      <p>
        <strong>{t('patients.list.empty.search', { q: query.q })}</strong>
      </p>
      <p>{t('patients.list.empty.searchHint')}</p>
      {query.status === 'active' && <p>{t('patients.list.empty.inactiveHint')}</p>}
    </>
  );
}

function PatientRow({ slug, patient, idTypes, navigate }: { slug: string; patient: PatientListItem; idTypes: IdTypes | null; navigate: Navigate }) {
  const { t, lang } = useI18n();
  const identifier = patient.primaryIdentifier;
  const none = <span className="muted">{t('patients.none')}</span>;
  return (
    <tr>
      <th scope="row">
        <a href={patientPath(slug, patient.id)} onClick={(event) => followLink(event, navigate)}>
          {sortableName(patient, t)}
        </a>
        {patient.preferredName && <span className="cell-note">{t('patients.list.preferred', { name: patient.preferredName })}</span>}
        {!patient.active && <span className="badge badge-neutral">{t('patients.inactive')}</span>}
      </th>
      <td className="nowrap">{formatCalendarDate(patient.dateOfBirth, lang)}</td>
      <td>
        {identifier ? (
          <>
            <span className="nowrap">
              {identifier.versionCode
                ? t('patients.identifier.withVersion', { number: identifier.number, version: identifier.versionCode })
                : identifier.number}
            </span>
            <span className="cell-note">{idTypeName(identifier.type, idTypes, lang, t)}</span>
          </>
        ) : (
          none
        )}
      </td>
      <td>{patient.chartNumber ?? none}</td>
      <td className="cell-contact">
        {patient.email && <span className="cell-line">{patient.email}</span>}
        {patient.mobile && <span className="cell-line nowrap">{formatPhone(patient.mobile)}</span>}
        {!patient.email && !patient.mobile && none}
      </td>
      <td>{patient.portalAccess ? t('patients.portal.on') : t('patients.portal.off')}</td>
    </tr>
  );
}
