import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import { ClinicZoneProvider } from '../../shared/clinicZone';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { staffApi, type StaffProfile } from '../api';
import { AdminFrame, AdminShell } from '../AdminShell';
import { MessagePage, PageNotFound, SessionCheckPage } from '../CommonPages';
import { IdTypesPage } from '../patients/IdTypesPage';
import type { PatientChart } from '../patients/api';
import { PatientChartPage } from '../patients/PatientChartPage';
import { PatientFormPage } from '../patients/PatientFormPage';
import { PatientListPage } from '../patients/PatientListPage';
import { RegistrationReviewPage } from '../patients/review/RegistrationReviewPage';
import type { StaffConversation } from '../messaging/api';
import { ComposePage } from '../messaging/ComposePage';
import { DraftsPage } from '../messaging/DraftsPage';
import { InboxPage } from '../messaging/InboxPage';
import { BulkMessagePage } from '../messaging/bulk/BulkMessagePage';
import { BulkProgressPage } from '../messaging/bulk/BulkProgressPage';
import { StaffConversationPage } from '../messaging/StaffConversationPage';
import { isClinicManager } from '../roles';
import type { StaffAppointment } from '../appointments/api';
import { AppointmentPage } from '../appointments/AppointmentPage';
import { BookPage } from '../appointments/BookPage';
import { CalendarPage } from '../appointments/CalendarPage';
import { appointmentPath, clinicAdminPath, conversationAdminPath, invoicePath, patientPath, type ClinicPage, type ClinicRoute } from '../routes';
import { PortalSettingsPage } from '../settings/PortalSettingsPage';
import { QuietHoursPage } from '../settings/QuietHoursPage';
import { SignInPage } from '../SignInPage';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import type { Invoice } from '../billing/api';
import { InvoicePage } from '../billing/InvoicePage';
import { InvoicesPage } from '../billing/InvoicesPage';
import { NewInvoicePage } from '../billing/NewInvoicePage';
import { PriceListPage } from '../billing/PriceListPage';
import { AppointmentSetup, appointmentSetupNav } from '../appointmentSetup/AppointmentSetup';
import { LibraryPage } from '../questionnaires/LibraryPage';
import { PreviewPage } from '../questionnaires/PreviewPage';
import { ResponsePage } from '../questionnaires/ResponsePage';
import { isAppointmentSetupPage } from '../appointmentSetup/setupRoutes';

type Note = 'otherClinic' | 'sessionEnded';

type State =
  | { kind: 'loading' }
  | { kind: 'signedOut'; note: Note | null }
  | { kind: 'signedIn'; profile: StaffProfile }
  | { kind: 'notFound' }
  | { kind: 'error'; error: unknown };

/** A message for the page a save led to ("Patient created."), shown while that page stays open. */
interface Notice {
  path: string;
  key: string;
}

interface Props {
  route: ClinicRoute;
  /** The address's query string (the patient list keeps its search there). */
  search: string;
  navigate: Navigate;
}

const PATIENT_PAGES: readonly ClinicPage[] = ['patients', 'patients/new', 'patient', 'patient/edit', 'questionnaire-response'];

const APPOINTMENT_PAGES: readonly ClinicPage[] = ['appointments', 'appointments/new', 'appointment'];

const BILLING_PAGES: readonly ClinicPage[] = ['billing/invoices', 'billing/invoices/new', 'billing/services', 'invoice'];

const MESSAGING_PAGES: readonly ClinicPage[] = ['messages', 'messages/new', 'messages/drafts', 'messages/bulk', 'bulk', 'conversation', 'draft'];

/** The clinic admin app: /{clinic}/admin/... */
/** Pages of wide tables, given more of a laptop's screen: the patient list, the inbox and the appointment calendar. */
const WIDE_PAGES: ReadonlySet<ClinicPage> = new Set<ClinicPage>(['patients', 'messages', 'appointments', 'billing/invoices']);

export function ClinicAdminApp({ route, search, navigate }: Props) {
  const { slug, page } = route;
  const { t, setClinicDefault } = useI18n();
  const queryClient = useQueryClient();
  const sessionKey = ['clinic', slug, 'staff-session'];
  const sessionQuery = useQuery({ queryKey: sessionKey, queryFn: ({ signal }) => staffApi.session(slug, signal) });
  const [note, setNote] = useState<Note | null>(null);
  // The clinic's name and default language, for the pages shown before signing in; its time zone, for every time shown.
  const publicQuery = useQuery({ queryKey: ['clinic-public', slug], queryFn: ({ signal }) => staffApi.publicClinic(slug, signal) });
  const clinicName = publicQuery.data?.clinicName ?? null;
  const defaultLanguage = publicQuery.data?.defaultLanguage ?? null;
  const [notice, setNotice] = useState<Notice | null>(null);
  const currentPath =
    page === 'patient' && route.patientId
      ? patientPath(slug, route.patientId, route.tab)
      : page === 'conversation' && route.messagingId
        ? conversationAdminPath(slug, route.messagingId)
        : page === 'appointment' && route.appointmentId
          ? appointmentPath(slug, route.appointmentId)
          : page === 'invoice' && route.invoiceId
            ? invoicePath(slug, route.invoiceId)
            : null;

  // A notice belongs to the page it was made for: leaving that page drops it.
  useEffect(() => {
    if (notice && notice.path !== currentPath) {
      setNotice(null);
    }
  }, [notice, currentPath]);

  const onPatientSaved = useCallback(
    (chart: PatientChart, created: boolean) => {
      const path = patientPath(slug, chart.id);
      setNotice({ path, key: created ? msgKey('patients.created') : msgKey('patients.saved') });
      navigate(path);
    },
    [slug, navigate],
  );

  const onMessageSent = useCallback(
    (conversation: StaffConversation, key: string = msgKey('messaging.sent')) => {
      const path = conversationAdminPath(slug, conversation.id);
      setNotice({ path, key });
      navigate(path);
    },
    [slug, navigate],
  );

  const onAppointmentBooked = useCallback(
    (appointment: StaffAppointment) => {
      const path = appointmentPath(slug, appointment.id);
      setNotice({ path, key: msgKey('appts.done.booked') });
      navigate(path);
    },
    [slug, navigate],
  );

  const onInvoiceCreated = useCallback(
    (invoice: Invoice) => {
      const path = invoicePath(slug, invoice.id);
      setNotice({ path, key: msgKey('billing.new.saved') });
      navigate(path);
    },
    [slug, navigate],
  );

  const session = sessionQuery.data;
  const state: State = session
    ? session.profile
      ? { kind: 'signedIn', profile: session.profile }
      : { kind: 'signedOut', note: session.signedInElsewhere ? 'otherClinic' : note }
    : sessionQuery.isError
      ? sessionQuery.error instanceof ApiError && sessionQuery.error.status === 404
        ? { kind: 'notFound' }
        : { kind: 'error', error: sessionQuery.error }
      : { kind: 'loading' };

  /** Signed in or out: nothing cached for the last person stays, and the session check answers at once. */
  const setSession = useCallback(
    (profile: StaffProfile | null, next: Note | null) => {
      api.resetAntiforgery();
      setNote(next);
      queryClient.removeQueries({
        predicate: (query) => query.queryKey[0] === 'clinic' && query.queryKey[1] === slug && query.queryKey[2] !== 'staff-session',
      });
      queryClient.setQueryData(['clinic', slug, 'staff-session'], { signedIn: profile !== null, signedInElsewhere: false, profile });
    },
    [queryClient, slug],
  );

  useEffect(() => {
    if (defaultLanguage) {
      setClinicDefault(defaultLanguage);
    }
  }, [defaultLanguage, setClinicDefault]);

  const onSignedIn = (profile: StaffProfile) => setSession(profile, null);
  const onSessionEnded = useCallback(() => setSession(null, 'sessionEnded'), [setSession]);

  const place = state.kind === 'signedIn' && state.profile.clinic ? state.profile.clinic.name : (clinicName ?? slug);

  switch (state.kind) {
    case 'loading':
      return (
        <AdminFrame place={place} subtitle={t('admin.product')}>
          <SessionCheckPage query={sessionQuery} />
        </AdminFrame>
      );
    case 'notFound':
      return (
        <AdminFrame place={t('common.portal')} subtitle={t('admin.product')}>
          <MessagePage title={t('admin.notFound.title')} text={t('admin.notFound.text')} />
        </AdminFrame>
      );
    case 'error':
      return (
        <AdminFrame place={place} subtitle={t('admin.product')}>
          <SessionCheckPage query={sessionQuery} />
        </AdminFrame>
      );
    case 'signedOut':
      return (
        <AdminFrame place={place} subtitle={t('admin.product')}>
          <SignInPage
            place={place}
            intro={clinicName ? t('signIn.intro.clinic', { clinic: clinicName }) : t('signIn.intro.clinicUnknown')}
            note={state.note === 'otherClinic' ? t('signIn.otherClinic') : state.note === 'sessionEnded' ? t('signIn.sessionEnded') : null}
            signIn={(credentials) => staffApi.signIn(slug, credentials)}
            onSignedIn={onSignedIn}
          />
        </AdminFrame>
      );
    case 'signedIn': {
      // Times wait for the clinic's zone; without it (the clinic's details failed to load) they show in the browser's.
      if (publicQuery.isPending) {
        return (
          <AdminFrame place={place} subtitle={t('admin.product')}>
            <SessionCheckPage query={publicQuery} />
          </AdminFrame>
        );
      }
      const settingsPath = clinicAdminPath(slug, 'settings/portal');
      const canManage = isClinicManager(state.profile.role);
      return (
        <ClinicZoneProvider zone={publicQuery.data?.timeZone ?? null}>
          <AdminShell
            place={place}
            subtitle={t('admin.product')}
            profile={state.profile}
            navigate={navigate}
            onSignedOut={() => setSession(null, null)}
            wide={WIDE_PAGES.has(page)}
            sections={[
              {
                id: 'clinic',
                title: null,
                items: [
                  { href: clinicAdminPath(slug, 'patients'), label: t('admin.nav.patients'), current: PATIENT_PAGES.includes(page) },
                  { href: clinicAdminPath(slug, 'patients/review'), label: t('review.nav'), current: page === 'patients/review' },
                  { href: clinicAdminPath(slug, 'messages'), label: t('messaging.nav'), current: MESSAGING_PAGES.includes(page) },
                  { href: clinicAdminPath(slug, 'appointments'), label: t('appts.nav'), current: APPOINTMENT_PAGES.includes(page) },
                  { href: clinicAdminPath(slug, 'billing/invoices'), label: t('billing.nav'), current: BILLING_PAGES.includes(page) },
                ],
              },
              {
                id: 'settings',
                title: t('admin.nav.settings'),
                items: [
                  { href: settingsPath, label: t('admin.nav.patientPortal'), current: page === 'settings/portal' },
                  { href: clinicAdminPath(slug, 'settings/id-types'), label: t('admin.nav.idTypes'), current: page === 'settings/id-types' },
                  {
                    href: clinicAdminPath(slug, 'settings/sms-quiet-hours'),
                    label: t('admin.nav.smsQuietHours'),
                    current: page === 'settings/sms-quiet-hours',
                  },
                  ...appointmentSetupNav(slug, page, canManage, t),
                  {
                    href: clinicAdminPath(slug, 'settings/questionnaires'),
                    label: t('questionnaires.nav'),
                    current: page === 'settings/questionnaires' || page === 'questionnaire',
                  },
                ],
              },
            ]}
          >
            {page === 'settings/portal' ? (
              <PortalSettingsPage slug={slug} clinicName={place} onSessionEnded={onSessionEnded} />
            ) : page === 'settings/id-types' ? (
              <IdTypesPage slug={slug} clinicName={place} canManage={canManage} navigate={navigate} onSessionEnded={onSessionEnded} />
            ) : page === 'settings/sms-quiet-hours' ? (
              <QuietHoursPage slug={slug} clinicName={place} canManage={canManage} onSessionEnded={onSessionEnded} />
            ) : page === 'settings/questionnaires' ? (
              <LibraryPage slug={slug} clinicName={place} canManage={canManage} navigate={navigate} onSessionEnded={onSessionEnded} />
            ) : page === 'questionnaire' && route.questionnaireId ? (
              <PreviewPage
                key={route.questionnaireId}
                slug={slug}
                clinicName={place}
                questionnaireId={route.questionnaireId}
                search={search}
                navigate={navigate}
                onSessionEnded={onSessionEnded}
              />
            ) : page === 'questionnaire-response' && route.responseId ? (
              <ResponsePage key={route.responseId} slug={slug} clinicName={place} responseId={route.responseId} navigate={navigate} onSessionEnded={onSessionEnded} />
            ) : isAppointmentSetupPage(page) ? (
              <AppointmentSetup route={{ ...route, page }} clinicName={place} canManage={canManage} navigate={navigate} onSessionEnded={onSessionEnded} />
            ) : page === 'patients/review' ? (
              <RegistrationReviewPage slug={slug} clinicName={place} navigate={navigate} onSessionEnded={onSessionEnded} />
            ) : page === 'patients' ? (
              <PatientListPage slug={slug} clinicName={place} search={search} navigate={navigate} onSessionEnded={onSessionEnded} />
            ) : page === 'patients/new' || (page === 'patient/edit' && route.patientId) ? (
              <PatientFormPage
                key={route.patientId ?? 'new'}
                slug={slug}
                clinicName={place}
                patientId={page === 'patient/edit' ? route.patientId! : null}
                canManage={canManage}
                navigate={navigate}
                onSaved={onPatientSaved}
                onSessionEnded={onSessionEnded}
              />
            ) : page === 'patient' && route.patientId ? (
              <PatientChartPage
                key={route.patientId}
                slug={slug}
                clinicName={place}
                patientId={route.patientId}
                tab={route.tab ?? 'details'}
                navigate={navigate}
                onSessionEnded={onSessionEnded}
                notice={notice && notice.path === currentPath ? notice.key : null}
              />
            ) : page === 'messages' ? (
              <InboxPage slug={slug} clinicName={place} search={search} navigate={navigate} onSessionEnded={onSessionEnded} />
            ) : page === 'messages/bulk' ? (
              <BulkMessagePage slug={slug} clinicName={place} navigate={navigate} onSessionEnded={onSessionEnded} />
            ) : page === 'bulk' && route.messagingId ? (
              <BulkProgressPage key={route.messagingId} slug={slug} clinicName={place} bulkId={route.messagingId} navigate={navigate} onSessionEnded={onSessionEnded} />
            ) : page === 'messages/drafts' ? (
              <DraftsPage slug={slug} clinicName={place} navigate={navigate} onSessionEnded={onSessionEnded} />
            ) : page === 'messages/new' || (page === 'draft' && route.messagingId) ? (
              <ComposePage
                key={route.messagingId ?? `new-${search}`}
                slug={slug}
                clinicName={place}
                patientId={page === 'messages/new' ? new URLSearchParams(search).get('patient') : null}
                draftId={page === 'draft' ? route.messagingId! : null}
                navigate={navigate}
                onSent={onMessageSent}
                onSessionEnded={onSessionEnded}
              />
            ) : page === 'conversation' && route.messagingId ? (
              <StaffConversationPage
                key={route.messagingId}
                slug={slug}
                clinicName={place}
                conversationId={route.messagingId}
                navigate={navigate}
                onSessionEnded={onSessionEnded}
                notice={notice && notice.path === currentPath ? notice.key : null}
              />
            ) : page === 'appointments' ? (
              <CalendarPage slug={slug} clinicName={place} search={search} navigate={navigate} onSessionEnded={onSessionEnded} />
            ) : page === 'appointments/new' ? (
              <BookPage
                key={search}
                slug={slug}
                clinicName={place}
                search={search}
                navigate={navigate}
                onBooked={onAppointmentBooked}
                onSessionEnded={onSessionEnded}
              />
            ) : page === 'appointment' && route.appointmentId ? (
              <AppointmentPage
                key={route.appointmentId}
                slug={slug}
                clinicName={place}
                appointmentId={route.appointmentId}
                navigate={navigate}
                onSessionEnded={onSessionEnded}
                notice={notice && notice.path === currentPath ? notice.key : null}
              />
            ) : page === 'billing/invoices' ? (
              <InvoicesPage slug={slug} clinicName={place} search={search} navigate={navigate} onSessionEnded={onSessionEnded} />
            ) : page === 'billing/invoices/new' ? (
              <NewInvoicePage
                key={search}
                slug={slug}
                clinicName={place}
                patientId={new URLSearchParams(search).get('patient')}
                navigate={navigate}
                onCreated={onInvoiceCreated}
                onSessionEnded={onSessionEnded}
              />
            ) : page === 'billing/services' ? (
              <PriceListPage slug={slug} clinicName={place} canManage={canManage} navigate={navigate} onSessionEnded={onSessionEnded} />
            ) : page === 'invoice' && route.invoiceId ? (
              <InvoicePage
                key={route.invoiceId}
                slug={slug}
                clinicName={place}
                invoiceId={route.invoiceId}
                navigate={navigate}
                onSessionEnded={onSessionEnded}
                notice={notice && notice.path === currentPath ? notice.key : null}
              />
            ) : (
              <PageNotFound>
                <a href={settingsPath} onClick={(event) => followLink(event, navigate)}>
                  {t('admin.pageNotFound.settingsLink')}
                </a>
              </PageNotFound>
            )}
          </AdminShell>
        </ClinicZoneProvider>
      );
    }
  }
}
