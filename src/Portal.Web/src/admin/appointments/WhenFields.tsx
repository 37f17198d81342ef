import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { errorMessage } from '../../shared/errors';
import { formatCalendarDate, formatTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { Loading } from '../../shared/Status';
import { SelectField } from '../SelectField';
import { appointmentsApi, appointmentKeys, type FreeSlot, type Location } from './api';
import { isDay } from './calendar';
import type { WhenChoice } from './when';

type SlotList = { timeZone: string; items: FreeSlot[] };

/** The free slots of a type with one provider on one day, once all three are chosen. */
export function useFreeSlots(slug: string, typeId: string, providerId: string, day: string): UseQueryResult<SlotList> {
  return useQuery({
    queryKey: appointmentKeys.slots(slug, typeId, providerId, day),
    queryFn: ({ signal }) => appointmentsApi.slots(slug, typeId, providerId, day, signal),
    enabled: typeId !== '' && providerId !== '' && isDay(day),
    staleTime: 0,
  });
}

interface Props {
  /** Prefix of the fields' ids, unique on the page. */
  id: string;
  choice: WhenChoice;
  onChange(choice: WhenChoice): void;
  slots: UseQueryResult<SlotList>;
  /** Whether a provider and type are chosen, so that slots can be looked for. */
  ready: boolean;
  inPerson: boolean;
  locations: readonly Location[];
}

/** The day, then one of its free times, or with "Any time" a time of the staff member's choosing (and where). */
export function WhenFields({ id, choice, onChange, slots, ready, inPerson, locations }: Props) {
  const { t, lang } = useI18n();
  const zone = slots.data?.timeZone;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-day`}>{t('appts.when.day')}</label>
        <input
          id={`${id}-day`}
          type="date"
          value={choice.day}
          onChange={(event) => onChange({ ...choice, day: event.target.value, slot: null })}
        />
      </div>
      <div className="field check">
        <input
          id={`${id}-any`}
          type="checkbox"
          checked={choice.anyTime}
          onChange={(event) => onChange({ ...choice, anyTime: event.target.checked, slot: null })}
        />
        <label htmlFor={`${id}-any`}>{t('appts.when.anyTime')}</label>
      </div>
      {choice.anyTime ? (
        <>
          <p className="help">{t('appts.when.anyTime.help')}</p>
          <div className="field">
            <label htmlFor={`${id}-time`}>{t('appts.when.time')}</label>
            <input id={`${id}-time`} type="time" step={60} value={choice.time} onChange={(event) => onChange({ ...choice, time: event.target.value })} />
          </div>
          {inPerson && (
            <SelectField
              id={`${id}-location`}
              label={t('appts.when.location')}
              value={choice.locationId}
              onChange={(locationId) => onChange({ ...choice, locationId })}
              placeholder={t('appts.when.chooseLocation')}
              options={locations.filter((location) => location.active).map((location) => ({ id: location.id, label: location.name }))}
              problem={null}
            />
          )}
        </>
      ) : !ready || !isDay(choice.day) ? (
        <p className="help">{t('appts.when.chooseFirst')}</p>
      ) : slots.isPending ? (
        <Loading />
      ) : slots.isError ? (
        <div role="alert" className="message error">
          <p>{errorMessage(slots.error, t)}</p>
        </div>
      ) : slots.data.items.length === 0 ? (
        <p role="status">{t('appts.when.noSlots', { day: formatCalendarDate(choice.day, lang) })}</p>
      ) : (
        <fieldset className="slot-choices">
          <legend>{t('appts.when.freeTimes', { day: formatCalendarDate(choice.day, lang) })}</legend>
          {slots.data.items.map((slot) => (
            <div key={`${slot.startsAt}/${slot.locationId ?? ''}`} className="slot-choice">
              <input
                type="radio"
                id={`${id}-slot-${slot.startsAt}`}
                name={`${id}-slot`}
                checked={choice.slot?.startsAt === slot.startsAt}
                onChange={() => onChange({ ...choice, slot: { startsAt: slot.startsAt, locationId: slot.locationId } })}
              />
              <label htmlFor={`${id}-slot-${slot.startsAt}`}>{formatTime(slot.startsAt, zone!, lang)}</label>
            </div>
          ))}
        </fieldset>
      )}
    </>
  );
}
