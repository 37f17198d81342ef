import type { Ref } from 'react';
import { formatDateTime } from '../../shared/format';
import { useClinicZone } from '../../shared/clinicZone';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { conversationAdminPath } from '../routes';
import type { ConversationSummary } from './api';
import { UnreadBadge, StatusBadge } from './badges';
import { UploadRequestBadge } from './uploadRequest/UploadRequestState';
import { DataTable } from '../DataTable';

interface Props {
  slug: string;
  items: ConversationSummary[];
  /** The id of the heading that names the table. */
  labelledBy: string;
  /** The inbox names each conversation's patient; a patient's chart does not need to. */
  showPatient: boolean;
  navigate: Navigate;
  tableBodyRef?: Ref<HTMLTableSectionElement>;
}

/** Conversations as a table: subject (the link), patient, last activity, assignee, state and unread replies. */
export function ConversationTable({ slug, items, labelledBy, showPatient, navigate, tableBodyRef }: Props) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  return (
    <DataTable labelledBy={labelledBy} className="conversations-table">
      <thead>
        <tr>
          <th scope="col">{t('messaging.column.subject')}</th>
          {showPatient && <th scope="col">{t('messaging.column.patient')}</th>}
          <th scope="col">{t('messaging.column.lastActivity')}</th>
          <th scope="col">{t('messaging.column.assignee')}</th>
          <th scope="col">{t('messaging.column.status')}</th>
        </tr>
      </thead>
      <tbody ref={tableBodyRef}>
        {items.map((item) => (
          <tr key={item.id} className={item.unreadReplies > 0 ? 'row-unread' : undefined}>
            <th scope="row">
              <a href={conversationAdminPath(slug, item.id)} onClick={(event) => followLink(event, navigate)}>
                {item.unreadReplies > 0 ? <strong>{item.subject}</strong> : item.subject}
              </a>
              {item.uploadRequestState && (
                <span className="cell-note">
                  <span className="badge badge-neutral">{t('uploadRequest.inbox')}</span> <UploadRequestBadge state={item.uploadRequestState} />
                </span>
              )}
              {item.unreadReplies > 0 && (
                <span className="cell-note">
                  <UnreadBadge count={item.unreadReplies} />
                </span>
              )}
            </th>
            {showPatient && <td>{item.patient.displayName}</td>}
            <td className="nowrap">{formatDateTime(item.lastMessageAt, lang, zone)}</td>
            <td>{item.assignedTo ? staffName(item.assignedTo.displayName, t) : <span className="muted">{t('messaging.unassigned')}</span>}</td>
            <td>
              <StatusBadge status={item.status} />
            </td>
          </tr>
        ))}
      </tbody>
        </DataTable>
  );
}

/** A staff member's name; one without a name (not yet set up) is still named. */
export function staffName(name: string | null, t: (key: string) => string): string {
  return name ?? t('messaging.staffWithoutName');
}
