import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './portal.css';
import { QueryProvider } from '../shared/query';
import { I18nProvider } from '../shared/i18n/I18nProvider';
import { commonMessages } from '../shared/i18n/messages';
import { mergeCatalogs } from '../shared/i18n/translate';
import { portalMessages } from './messages';
import { PortalApp } from './PortalApp';

const catalogs = mergeCatalogs(commonMessages, portalMessages);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider catalogs={catalogs}>
      <QueryProvider>
        <PortalApp />
      </QueryProvider>
    </I18nProvider>
  </StrictMode>,
);
