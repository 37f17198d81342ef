import { useState, type ChangeEvent } from 'react';
import { ApiError } from '../../shared/api';
import { LocalError, errorMessage, type CodeMessages } from '../../shared/errors';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { settingsApi, type BackgroundImage } from '../api';
import { IMAGE_TYPES, MAX_IMAGE_BYTES } from './settingsForm';
import { msgKey } from '../../shared/i18n/translate';

const UPLOAD_ERRORS: CodeMessages = {
  unsupported_image: msgKey('settings.background.unsupported'),
  empty_upload: msgKey('settings.background.empty'),
  forbidden: msgKey('admin.forbidden'),
};

interface Props {
  slug: string;
  image: BackgroundImage | null;
  /** The settings version: a save or reload clears the upload messages. */
  version: number;
  editable: boolean;
  /** A save error about the image. */
  error: string | null;
  onChange(image: BackgroundImage | null): void;
  onUploadingChange(uploading: boolean): void;
  onSessionEnded(): void;
}

/**
 * "Background Image": choosing a file uploads it at once (the raw file as the body) and shows it;
 * the portal uses it once the page is saved.
 */
export function BackgroundImageField({ slug, image, version, editable, error, onChange, onUploadingChange, onSessionEnded }: Props) {
  const { t } = useI18n();
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [statusKey, setStatusKey] = useState<string | null>(null);

  const [shownVersion, setShownVersion] = useState(version);
  if (shownVersion !== version) {
    setShownVersion(version);
    setStatusKey(null);
    setUploadError(null);
  }

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    // Lets the same file be chosen again after an error.
    input.value = '';
    if (!file) {
      return;
    }
    setStatusKey(null);
    setUploadError(null);
    if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) {
      setUploadError(new LocalError(msgKey('settings.background.unsupported')));
      return;
    }
    if (file.size > MAX_IMAGE_BYTES) {
      setUploadError(new LocalError(msgKey('settings.background.tooLarge')));
      return;
    }
    if (file.size === 0) {
      setUploadError(new LocalError(msgKey('settings.background.empty')));
      return;
    }
    setUploading(true);
    onUploadingChange(true);
    try {
      const uploaded = await settingsApi.uploadBackgroundImage(slug, file);
      onChange(uploaded);
      setStatusKey(msgKey('settings.background.uploaded'));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
        return;
      }
      setUploadError(caught instanceof ApiError && caught.status === 413 ? new LocalError(msgKey('settings.background.tooLarge')) : caught);
    } finally {
      setUploading(false);
      onUploadingChange(false);
    }
  };

  const remove = () => {
    onChange(null);
    setUploadError(null);
    setStatusKey(msgKey('settings.background.removed'));
  };

  const message = uploadError !== null ? errorMessage(uploadError, t, UPLOAD_ERRORS) : error;

  return (
    <fieldset className="setting" aria-describedby="setting-background-help">
      <legend className="setting-label">{t('settings.background.label')}</legend>
      <p className="help" id="setting-background-help">
        {t('settings.background.help')}
      </p>
      <div className="background-preview">
        {image ? (
          <img src={image.url} alt={t('settings.background.previewAlt')} width={image.width} height={image.height} />
        ) : (
          <p className="background-none">{t('settings.background.none')}</p>
        )}
      </div>
      {editable && (
        <>
          <p className="help" id="setting-background-formats">
            {t('settings.background.formats')}
          </p>
          <div className="background-actions">
            <span className="file-picker">
              <input
                type="file"
                id="setting-background-file"
                className="file-input"
                accept={IMAGE_TYPES.join(',')}
                disabled={uploading}
                onChange={(event) => void upload(event)}
                aria-invalid={message ? true : undefined}
                aria-describedby={['setting-background-help', 'setting-background-formats', message ? 'setting-background-error' : '']
                  .filter(Boolean)
                  .join(' ')}
              />
              <label htmlFor="setting-background-file" className="button secondary">
                {t('settings.background.select')}
              </label>
            </span>
            {image && (
              <button type="button" className="secondary" onClick={remove} disabled={uploading}>
                {t('settings.background.remove')}
              </button>
            )}
          </div>
        </>
      )}
      <div role="status" className="status-region">
        {uploading ? <p>{t('settings.background.uploading')}</p> : statusKey ? <p className="help">{t(statusKey)}</p> : null}
      </div>
      {message && (
        <p className="field-error" id="setting-background-error" role="alert">
          {message}
        </p>
      )}
    </fieldset>
  );
}
