import { useQuery } from '@tanstack/react-query';
import { formatWhen } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { questionnairePath } from '../routes';
import { questionnaireKeys, questionnairesApi } from './api';

interface Props {
  slug: string;
  appointmentId: string;
  timeZone: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** The appointment's pre-visit tasks: each questionnaire the clinic asks for, when it is due, and whether it is done. */
export function PreVisitTasks({ slug, appointmentId, timeZone, navigate, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const tasks = useQuery({
    queryKey: questionnaireKeys.tasks(slug, appointmentId, lang),
    queryFn: ({ signal }) => questionnairesApi.tasks(slug, appointmentId, lang, signal),
  });
  return (
    <section aria-labelledby="appointment-tasks">
      <h3 id="appointment-tasks">{t('portal.appts.tasks.heading')}</h3>
      <QueryState query={tasks} isEmpty={(list) => list.items.length === 0} empty={t('portal.appts.tasks.none')} onSessionEnded={onSessionEnded}>
        {(list) => (
          <ul className="portal-tasks">
            {list.items.map((task) => (
              <li key={task.questionnaireId}>
                <a href={questionnairePath(slug, appointmentId, task.questionnaireId)} onClick={(event) => followLink(event, navigate)}>
                  {task.title}
                </a>
                <span className={`portal-task-status ${task.status}`}>
                  {' '}
                  {task.status === 'submitted'
                    ? t('portal.questionnaire.status.submitted')
                    : t(task.status === 'draft' ? 'portal.questionnaire.status.draft' : 'portal.questionnaire.status.toDo', {
                        due: formatWhen(task.dueAt, timeZone, lang),
                      })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
