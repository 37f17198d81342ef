import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useDocumentTitle, useI18n } from '../shared/i18n/I18nProvider';
import { QueryState } from '../shared/QueryState';

/** The admin app before its session check answered: "Loading…", or why it failed with Try again. */
export function SessionCheckPage<T>({ query }: { query: UseQueryResult<T> }) {
  const { t } = useI18n();
  const failed = query.isError;
  useDocumentTitle(`${failed ? t('admin.loadError.title') : t('common.loading')} – ${t('common.portal')}`);
  return (
    <>
      <h1 className={failed ? undefined : 'visually-hidden'}>{failed ? t('admin.loadError.title') : t('common.portal')}</h1>
      <QueryState query={query}>{() => null}</QueryState>
    </>
  );
}

export function MessagePage({ title, text }: { title: string; text: string }) {
  const { t } = useI18n();
  useDocumentTitle(`${title} – ${t('common.portal')}`);
  return (
    <>
      <h1>{title}</h1>
      <p>{text}</p>
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
