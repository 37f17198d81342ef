import { useQuery } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../../shared/errors';
import { describedBy, FieldError } from '../../shared/FieldError';
import { formatCalendarDate } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { Loading } from '../../shared/Status';
import { registrationApi, registrationKeys } from './api';
import { sortableName } from './labels';
import { normalizeSearch } from './listQuery';

/** How many patients the picker shows for a search. */
const PICKER_SIZE = 10;

export interface PickedPatient {
  id: string;
  displayName: string;
}

interface Props {
  slug: string;
  patient: PickedPatient | null;
  onChange(patient: PickedPatient | null): void;
  /** The field's problem, from the form. */
  problem: string | null;
  /** A patient given by the page (from the chart or a draft) cannot be changed here. */
  fixed: boolean;
}

/** The patient a message or an appointment is for: found with the patient list's own search, then chosen from the matches. */
export function PatientPicker({ slug, patient, onChange, problem, fixed }: Props) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const results = useQuery({
    queryKey: [...registrationKeys.patients(slug), 'picker', q],
    queryFn: ({ signal }) => registrationApi.patients(slug, { q, status: 'active', offset: 0, limit: PICKER_SIZE }, signal),
    enabled: q !== '',
  });

  const search = () => setQ(normalizeSearch(text));
  // Enter in the search box searches rather than sending the message.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      search();
    }
  };

  if (patient) {
    return (
      <div className="field">
        <p className="field-label">
          {t('messaging.compose.patient')}
        </p>
        <p>
          <strong>{patient.displayName}</strong>{' '}
          {!fixed && (
            <button type="button" className="secondary" onClick={() => onChange(null)}>
              {t('messaging.compose.changePatient')}
            </button>
          )}
        </p>
      </div>
    );
  }

  return (
    <div className="field">
      <label htmlFor="compose-patient-search">{t('messaging.compose.findPatient')}</label>
      <p className="help" id="compose-patient-help">
        {t('messaging.compose.findPatient.help')}
      </p>
      <div className="inline-search">
        <input
          id="compose-patient-search"
          type="search"
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy('compose-patient-help', problem && 'compose-patient-error')}
        />
        <button type="button" className="secondary" onClick={search}>
          {t('messaging.compose.search')}
        </button>
      </div>
      <FieldError id="compose-patient-error" message={problem} />
      <div role="status" className="status-region">
        {results.isFetching && <Loading />}
        {results.data && !results.isFetching && (
          <p>{results.data.items.length === 0 ? t('messaging.compose.noPatient', { q }) : t('messaging.compose.choosePatient')}</p>
        )}
      </div>
      {results.isError && (
        <div role="alert" className="message error">
          <p>{errorMessage(results.error, t)}</p>
        </div>
      )}
      {results.data && results.data.items.length > 0 && (
        <ul className="picker-results" aria-label={t('messaging.compose.matches')}>
          {results.data.items.map((item) => {
            const name = sortableName(item, t);
            return (
              <li key={item.id}>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => onChange({ id: item.id, displayName: t('patients.name.full', { given: item.legalGivenName, family: item.legalFamilyName }) })}
                >
                  {t('messaging.compose.pick', { name, born: formatCalendarDate(item.dateOfBirth, lang) })}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
