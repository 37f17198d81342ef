import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { PAGE_NAME_KEYS, PortalPage } from '../PortalPage';
import { appointmentPath, newAppointmentPath } from '../routes';
import { appointmentsApi, appointmentsKeys, type MyAppointment, type When } from './api';
import { providerName, statusName, typeName } from './labels';
import { formatWhen } from '../../shared/format';

interface Props {
  slug: string;
  clinicName: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** Appointments: + New Appointment, then the upcoming ones (soonest first) and the past ones (latest first). */
export function AppointmentsPage({ slug, clinicName, navigate, onSessionEnded }: Props) {
  const { t } = useI18n();
  return (
    <PortalPage slug={slug} clinicName={clinicName} title={t(PAGE_NAME_KEYS.appointments)} homeLink navigate={navigate}>
      <p>
        <a className="button" href={newAppointmentPath(slug)} onClick={(event) => followLink(event, navigate)}>
          {t('portal.appts.new')}
        </a>
      </p>
      <AppointmentList slug={slug} when="upcoming" navigate={navigate} onSessionEnded={onSessionEnded} />
      <AppointmentList slug={slug} when="past" navigate={navigate} onSessionEnded={onSessionEnded} />
    </PortalPage>
  );
}

const HEADINGS = { upcoming: 'portal.appts.upcoming', past: 'portal.appts.past' } as const;
const EMPTY = { upcoming: 'portal.appts.noUpcoming', past: 'portal.appts.noPast' } as const;

interface ListProps {
  slug: string;
  when: When;
  navigate: Navigate;
  onSessionEnded(): void;
}

function AppointmentList({ slug, when, navigate, onSessionEnded }: ListProps) {
  const { t } = useI18n();
  const list = useQuery({
    queryKey: appointmentsKeys.list(slug, when),
    queryFn: ({ signal }) => appointmentsApi.list(slug, when, signal),
    // The clinic changes appointments too: the list is reloaded each time it is shown.
    staleTime: 0,
  });
  const id = `appointments-${when}`;
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{t(HEADINGS[when])}</h3>
      <QueryState query={list} onSessionEnded={onSessionEnded} isEmpty={(loaded) => loaded.items.length === 0} empty={t(EMPTY[when])}>
        {(loaded) => (
          <ul className="portal-conversations">
            {loaded.items.map((item) => (
              <AppointmentItem key={item.id} slug={slug} item={item} navigate={navigate} />
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

function AppointmentItem({ slug, item, navigate }: { slug: string; item: MyAppointment; navigate: Navigate }) {
  const { t, lang } = useI18n();
  return (
    <li className="portal-conversation">
      <a href={appointmentPath(slug, item.id)} onClick={(event) => followLink(event, navigate)}>
        {typeName(item.type, lang)}
      </a>
      <p className="help">
        <time dateTime={item.startsAt}>{formatWhen(item.startsAt, item.timeZone, lang)}</time>
        <br />
        {t('portal.appts.with', { provider: providerName(item.provider) })}
        {' · '}
        {item.location ? item.location.name : t('portal.appts.virtual')}
        {' · '}
        {statusName(item.status, t)}
      </p>
    </li>
  );
}
