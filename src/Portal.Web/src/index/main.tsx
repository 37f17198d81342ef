import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './index.css';
import { I18nProvider } from '../shared/i18n/I18nProvider';
import { commonMessages } from '../shared/i18n/messages';
import { mergeCatalogs } from '../shared/i18n/translate';
import { indexMessages } from './messages';
import { IndexPage } from './IndexPage';

const catalogs = mergeCatalogs(commonMessages, indexMessages);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider catalogs={catalogs}>
      <IndexPage />
    </I18nProvider>
  </StrictMode>,
);
