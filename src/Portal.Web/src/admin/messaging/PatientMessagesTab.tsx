import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { composePath } from '../routes';
import { messagingApi, messagingKeys } from './api';
import { ConversationTable } from './ConversationTable';
import { MoreButton } from './MoreButton';
import { useConversationPages } from './useConversationPages';

const LOAD_ERRORS = { forbidden: msgKey('admin.forbidden'), patient_not_found: msgKey('patients.notFound.text') };

interface Props {
  slug: string;
  patientId: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** The chart's Messages tab: the patient's conversations, unread replies first, and a new message to them. */
export function PatientMessagesTab({ slug, patientId, navigate, onSessionEnded }: Props) {
  const { t } = useI18n();
  const { list, tableBody, showMore } = useConversationPages(
    messagingKeys.patient(slug, patientId),
    (offset, signal) => messagingApi.patientConversations(slug, patientId, offset, signal),
    onSessionEnded,
  );
  return (
    <>
      <div className="page-heading">
        <h2 id="patient-messages">{t('messaging.chart.tab')}</h2>
        <a className="button" href={composePath(slug, patientId)} onClick={(event) => followLink(event, navigate)}>
          {t('messaging.newMessage')}
        </a>
      </div>
      <QueryState
        query={list}
        errorMessages={LOAD_ERRORS}
        onSessionEnded={onSessionEnded}
        isEmpty={(loaded) => loaded.items.length === 0}
        empty={t('messaging.chart.empty')}
      >
        {(loaded) => (
          <>
            <ConversationTable slug={slug} items={loaded.items} labelledBy="patient-messages" showPatient={false} navigate={navigate} tableBodyRef={tableBody} />
            <MoreButton list={list} hasMore={loaded.hasMore} onMore={() => void showMore()} />
          </>
        )}
      </QueryState>
    </>
  );
}
