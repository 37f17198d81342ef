import { useEffect, useRef, useState } from 'react';
import './visit.css';
import { useI18n } from '../i18n/I18nProvider';
import { browserSupportsVisits, MediaAccessError, openCameraAndMicrophone, stopStream, type MediaProblem } from './media';

const PROBLEM_KEYS: Record<MediaProblem, string> = {
  unsupported: 'visit.check.unsupported',
  denied: 'visit.check.denied',
  noDevice: 'visit.check.noDevice',
  busy: 'visit.check.busy',
  other: 'visit.check.other',
};

interface Props {
  /** The heading's id, for the section's name. */
  headingId: string;
  /** What the join button says ("Join the visit", "Start the visit"). */
  joinLabel: string;
  /** True while the join is being sent. */
  joining: boolean;
  /** Called with the camera and microphone once the person asks to join. */
  onJoin(stream: MediaStream): void;
}

/**
 * The check before a visit: asks for the camera and the microphone, shows the person their own picture, says which
 * browsers work and what helps a visit go well. The camera stays on for the call that follows.
 */
export function PreCheck({ headingId, joinLabel, joining, onJoin }: Props) {
  const { t } = useI18n();
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<MediaProblem | null>(browserSupportsVisits() ? null : 'unsupported');
  const preview = useRef<HTMLVideoElement>(null);
  const handedOver = useRef(false);

  useEffect(() => {
    if (preview.current) {
      preview.current.srcObject = stream;
    }
  }, [stream]);

  // Leaving the page without joining lets go of the camera.
  useEffect(
    () => () => {
      if (!handedOver.current) {
        stopStream(stream);
      }
    },
    [stream],
  );

  const ask = async () => {
    if (asking) {
      return;
    }
    setAsking(true);
    setProblem(null);
    try {
      setStream(await openCameraAndMicrophone());
    } catch (error) {
      setProblem(error instanceof MediaAccessError ? error.problem : 'other');
    } finally {
      setAsking(false);
    }
  };

  const join = () => {
    if (stream && !joining) {
      handedOver.current = true;
      onJoin(stream);
    }
  };

  return (
    <section aria-labelledby={headingId} className="visit-check">
      <div role="status" className="status-region">
        {asking && <p>{t('visit.check.asking')}</p>}
        {stream && <p>{t('visit.check.ready')}</p>}
      </div>
      {problem && (
        <div role="alert" className="message error">
          <p>{t(PROBLEM_KEYS[problem])}</p>
        </div>
      )}
      <p>{t('visit.check.intro')}</p>
      <div className="visit-preview">
        {stream ? (
          <video ref={preview} className="visit-video" autoPlay playsInline muted aria-label={t('visit.check.preview')} />
        ) : (
          <p className="visit-video-placeholder">{t('visit.check.noPreview')}</p>
        )}
      </div>
      <p className="form-actions">
        {!stream && problem !== 'unsupported' && (
          <button type="button" onClick={() => void ask()} aria-disabled={asking ? true : undefined}>
            {t('visit.check.ask')}
          </button>
        )}
        {stream && (
          <button type="button" onClick={join} aria-disabled={joining ? true : undefined}>
            {joinLabel}
          </button>
        )}
      </p>
      <h3>{t('visit.tips.heading')}</h3>
      <ul className="visit-tips">
        <li>{t('visit.tips.computer')}</li>
        <li>{t('visit.tips.apple')}</li>
        <li>{t('visit.tips.android')}</li>
        <li>{t('visit.tips.otherApps')}</li>
        <li>{t('visit.tips.connection')}</li>
        <li>{t('visit.tips.permissions')}</li>
        <li>{t('visit.tips.reload')}</li>
      </ul>
    </section>
  );
}
