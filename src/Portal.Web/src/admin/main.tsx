import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './admin.css';
import { QueryProvider } from '../shared/query';
import { I18nProvider } from '../shared/i18n/I18nProvider';
import { commonMessages } from '../shared/i18n/messages';
import { mergeCatalogs } from '../shared/i18n/translate';
import { AdminApp } from './AdminApp';
import { adminMessages } from './messages';

const catalogs = mergeCatalogs(commonMessages, adminMessages);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider catalogs={catalogs}>
      <QueryProvider>
        <AdminApp />
      </QueryProvider>
    </I18nProvider>
  </StrictMode>,
);
