import type { ReactNode } from 'react';
import { useDocumentTitle, useI18n } from '../shared/i18n/I18nProvider';
import { Loading } from '../shared/Status';

export function LoadingPage() {
  const { t } = useI18n();
  useDocumentTitle(`${t('common.loading')} – ${t('common.portal')}`);
  return (
    <>
      <h1 className="visually-hidden">{t('common.portal')}</h1>
      <Loading />
    </>
  );
}

export function MessagePage({ title, text, alert, onRetry }: { title: string; text: string; alert?: boolean; onRetry?: () => void }) {
  const { t } = useI18n();
  useDocumentTitle(`${title} – ${t('common.portal')}`);
  return (
    <>
      <h1>{title}</h1>
      {alert ? (
        <div role="alert" className="message error">
          <p>{text}</p>
        </div>
      ) : (
        <p>{text}</p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.tryAgain')}
        </button>
      )}
    </>
  );
}

export function PageNotFound({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  useDocumentTitle(`${t('admin.pageNotFound.title')} – ${t('common.portal')}`);
  return (
    <>
      <h1>{t('admin.pageNotFound.title')}</h1>
      <p>{t('admin.pageNotFound.text')}</p>
      <p>{children}</p>
    </>
  );
}
