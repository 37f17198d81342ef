import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../shared/api';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { DocumentTitle, PortalPage } from '../PortalPage';
import { appointmentPath } from '../routes';
import { ChangesClosed } from './AppointmentPage';
import { appointmentsApi, appointmentsKeys, type MyAppointment } from './api';
import { changesClosed } from './labels';
import { NewAppointmentPage } from './NewAppointmentPage';

const LOAD_ERRORS = { appointment_not_found: msgKey('portal.appts.notFound') };

interface Props {
  slug: string;
  clinicName: string;
  appointmentId: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/**
 * Change appointment time: + New Appointment's steps from the day on, for the appointment's type and
 * (at first) its provider, sending the new time to the server, which keeps the old one until the new one is held.
 */
export function ChangeAppointmentPage({ slug, clinicName, appointmentId, navigate, onSessionEnded }: Props) {
  const { t } = useI18n();
  const appointment = useQuery({
    queryKey: appointmentsKeys.one(slug, appointmentId),
    queryFn: ({ signal }) => appointmentsApi.one(slug, appointmentId, signal),
    staleTime: 0,
  });
  const types = useQuery({ queryKey: appointmentsKeys.types(slug), queryFn: ({ signal }) => appointmentsApi.types(slug, signal) });
  // The appointment as it was when the page opened: a reload after the move must not swap the steps for "cannot change".
  const [opened, setOpened] = useState<MyAppointment | null>(null);
  if (appointment.data && opened === null) {
    setOpened(appointment.data);
  }

  const back = (
    <p className="portal-back">
      <a href={appointmentPath(slug, appointmentId)} onClick={(event) => followLink(event, navigate)}>
        {t('portal.appts.back')} <span className="visually-hidden">{t('portal.change.backTo')}</span>
      </a>
    </p>
  );

  if (!opened || !types.data) {
    const notFound = appointment.error instanceof ApiError && appointment.error.status === 404;
    return (
      <>
        {back}
        <DocumentTitle title={t('portal.pageTitle.page', { page: t('portal.change.title'), clinic: clinicName })} />
        <h2 tabIndex={-1}>{t('portal.change.title')}</h2>
        {notFound ? (
          <div role="alert" className="message error">
            <p>{t('portal.appts.notFound')}</p>
          </div>
        ) : (
          <>
            <QueryState query={appointment} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
              {() => null}
            </QueryState>
            {appointment.data && (
              <QueryState query={types} onSessionEnded={onSessionEnded}>
                {() => null}
              </QueryState>
            )}
          </>
        )}
      </>
    );
  }

  const type = types.data.items.find((candidate) => candidate.id === opened.type.id);
  if (!opened.canChange || !type) {
    return (
      <>
        {back}
        <PortalPage slug={slug} clinicName={clinicName} title={t('portal.change.title')} homeLink={false} navigate={navigate}>
          {changesClosed(opened) ? (
            <ChangesClosed appointment={opened} />
          ) : (
            <div className="message note">
              <p>{t('portal.change.cannot')}</p>
            </div>
          )}
        </PortalPage>
      </>
    );
  }

  return (
    <NewAppointmentPage
      slug={slug}
      clinicName={clinicName}
      navigate={navigate}
      onSessionEnded={onSessionEnded}
      change={{
        appointment: opened,
        type,
        send: (slot) => appointmentsApi.reschedule(slug, opened.id, { startsAt: slot.startsAt, providerId: slot.providerId }),
      }}
    />
  );
}
