import { useQuery } from '@tanstack/react-query';
import { useClinicZone } from '../../shared/clinicZone';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { questionnaireResponsePath } from '../routes';
import { libraryApi, libraryKeys, type AppointmentTask } from './api';

interface Props {
  slug: string;
  appointmentId: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** On an appointment's page for staff: its pre-visit questionnaires, whether each is done, and a link to the answers. */
export function AppointmentQuestionnaires({ slug, appointmentId, navigate, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const tasks = useQuery({
    queryKey: libraryKeys.appointment(slug, appointmentId, lang),
    queryFn: ({ signal }) => libraryApi.appointmentTasks(slug, appointmentId, lang, signal),
  });
  return (
    <section aria-labelledby="appointment-questionnaires">
      <h2 id="appointment-questionnaires">{t('questionnaires.appointment.heading')}</h2>
      <QueryState
        query={tasks}
        onSessionEnded={onSessionEnded}
        isEmpty={(list) => list.items.length === 0}
        empty={t('questionnaires.appointment.none')}
      >
        {(list) => (
          <ul className="plain-list">
            {list.items.map((task) => (
              <li key={task.questionnaireId}>
                <TaskLine slug={slug} task={task} navigate={navigate} />
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

function TaskLine({ slug, task, navigate }: { slug: string; task: AppointmentTask; navigate: Navigate }) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const due = formatDateTime(task.dueAt, lang, zone);
  if (task.status === 'submitted' && task.responseId && task.submittedAt) {
    return (
      <>
        {task.title}: {t('questionnaires.appointment.done', { when: formatDateTime(task.submittedAt, lang, zone) })}
        {task.totalScore !== null && <> · {t('questionnaires.chart.total', { score: task.totalScore })}</>}{' '}
        <a href={questionnaireResponsePath(slug, task.responseId)} onClick={(event) => followLink(event, navigate)}>
          {t('questionnaires.appointment.read')}{' '}
          <span className="visually-hidden">{t('questionnaires.appointment.readOf', { title: task.title })}</span>
        </a>
      </>
    );
  }
  return (
    <>
      {task.title}: {t(task.status === 'draft' ? 'questionnaires.appointment.started' : 'questionnaires.appointment.toDo', { due })}
    </>
  );
}
