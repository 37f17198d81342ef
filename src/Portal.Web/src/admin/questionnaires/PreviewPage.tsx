import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { asQuestionnaire, type Answer } from '../../shared/questionnaire/fhir';
import { QuestionnaireForm } from '../../shared/questionnaire/QuestionnaireForm';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { clinicAdminPath, questionnairePreviewPath } from '../routes';
import { libraryApi, libraryKeys, type Lang } from './api';

interface Props {
  slug: string;
  clinicName: string;
  questionnaireId: string;
  /** The address's query string: ?version={id}&language=en|fr. */
  search: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

const LOAD_ERRORS = { questionnaire_not_found: msgKey('questionnaires.preview.notFound'), forbidden: msgKey('admin.forbidden') };

const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français' };

/**
 * A questionnaire as a patient will see it, rendered by the patient's own form: staff can try it out (answers are kept in
 * the page only, never sent), and switch version and language.
 */
export function PreviewPage({ slug, clinicName, questionnaireId, search, navigate, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const params = new URLSearchParams(search);
  const versionId = params.get('version');
  const language: Lang = params.get('language') === 'fr' ? 'fr' : params.get('language') === 'en' ? 'en' : lang;
  const preview = useQuery({
    queryKey: libraryKeys.preview(slug, questionnaireId, versionId, language),
    queryFn: ({ signal }) => libraryApi.preview(slug, questionnaireId, versionId, language, signal),
  });
  const library = useQuery({ queryKey: libraryKeys.library(slug), queryFn: ({ signal }) => libraryApi.list(slug, signal) });
  const entry = library.data?.items.find((item) => item.id === questionnaireId);
  const [answers, setAnswers] = useState<Record<string, Answer[]>>({});
  const title = preview.data?.title ?? t('questionnaires.preview.loading');
  useDocumentTitle(t('questionnaires.preview.pageTitle', { title, clinic: clinicName }));

  return (
    <>
      <p className="breadcrumb">
        {t('admin.nav.settings')} ›{' '}
        <a href={clinicAdminPath(slug, 'settings/questionnaires')} onClick={(event) => followLink(event, navigate)}>
          {t('questionnaires.library.heading')}
        </a>
      </p>
      <h1>{t('questionnaires.preview.heading', { title })}</h1>
      <QueryState query={preview} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {(loaded) => {
          const questionnaire = asQuestionnaire(loaded.resource);
          const version = entry?.versions.find((candidate) => candidate.id === loaded.versionId);
          return (
            <>
              <p>{t('questionnaires.preview.facts', { version: loaded.version, language: LANGUAGE_NAMES[loaded.language as Lang] ?? loaded.language })}</p>
              <nav aria-label={t('questionnaires.preview.choose')} className="preview-choices">
                {entry && entry.versions.length > 1 && (
                  <p>
                    {t('questionnaires.preview.versions')}{' '}
                    {entry.versions.map((other) => (
                      <span key={other.id}>
                        <a
                          href={questionnairePreviewPath(slug, questionnaireId, other.id, language)}
                          aria-current={other.id === loaded.versionId ? 'page' : undefined}
                          onClick={(event) => followLink(event, navigate)}
                        >
                          {other.version}
                        </a>{' '}
                      </span>
                    ))}
                  </p>
                )}
                {version && version.languages.length > 1 && (
                  <p>
                    {t('questionnaires.preview.languages')}{' '}
                    {version.languages.map((text) => (
                      <span key={text.language}>
                        <a
                          href={questionnairePreviewPath(slug, questionnaireId, loaded.versionId, text.language as Lang)}
                          lang={text.language}
                          aria-current={text.language === loaded.language ? 'page' : undefined}
                          onClick={(event) => followLink(event, navigate)}
                        >
                          {LANGUAGE_NAMES[text.language as Lang] ?? text.language}
                        </a>{' '}
                      </span>
                    ))}
                  </p>
                )}
              </nav>
              <p className="message note">{t('questionnaires.preview.tryOut')}</p>
              {questionnaire && (
                <section aria-labelledby="preview-form-heading" lang={loaded.language}>
                  <h2 id="preview-form-heading">{loaded.title}</h2>
                  <QuestionnaireForm
                    questionnaire={questionnaire}
                    answers={answers}
                    idBase="preview"
                    onChange={(linkId, next) => setAnswers((before) => ({ ...before, [linkId]: next }))}
                  />
                </section>
              )}
              <p>
                <button type="button" className="secondary" onClick={() => setAnswers({})} disabled={Object.keys(answers).length === 0}>
                  {t('questionnaires.preview.clear')}
                </button>
              </p>
            </>
          );
        }}
      </QueryState>
    </>
  );
}
