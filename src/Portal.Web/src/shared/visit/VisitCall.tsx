import { HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection, HttpTransportType } from '@microsoft/signalr';
import './visit.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { SIGNAL_PATH, type VisitEntry } from './api';
import { stopStream } from './media';

/** Where the call stands, as the page says it. */
type Phase = 'connecting' | 'waiting' | 'joining' | 'inCall' | 'peerLeft' | 'reconnecting' | 'refused' | 'lost' | 'ended';

const PHASE_KEYS: Record<Phase, string> = {
  connecting: 'visit.call.connecting',
  waiting: 'visit.call.waiting',
  joining: 'visit.call.joining',
  inCall: 'visit.call.inCall',
  peerLeft: 'visit.call.peerLeft',
  reconnecting: 'visit.call.reconnecting',
  refused: 'visit.call.refused',
  lost: 'visit.call.lost',
  ended: 'visit.call.ended',
};

const REFUSAL_KEYS: Readonly<Record<string, string>> = {
  visit_patient_present: 'visit.error.patientPresent',
  visit_ticket_invalid: 'visit.call.ticketInvalid',
};

/** Waits between reconnect tries after a network blip; past the last the page offers to try again. */
const RECONNECT_DELAYS = [0, 1000, 2000, 4000, 8000, 15000, 30000];

interface Props {
  entry: VisitEntry;
  /** The camera and microphone from the pre-check. */
  stream: MediaStream;
  /** performance.now() when the person asked to join: the page reports how long the first picture of the other took. */
  joinedAt: number;
  /** Who the other participant is, as the page names them. */
  otherName: string;
  /** After hang up. */
  onHungUp(): void;
}

/**
 * A 1:1 video call over WebRTC, signalled through the visit's hub with the ticket its admission gave. The provider makes the
 * offer whenever both are in, so a participant who comes back after a blip gets a fresh connection. The call's root carries
 * what its peer connection reports (state, frames decoded, time to the first remote frame) in data attributes, which the
 * browser tests and benchmarks read; nothing secret is there.
 */
export function VisitCall({ entry, stream, joinedAt, otherName, onHungUp }: Props) {
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>('connecting');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [muted, setMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const root = useRef<HTMLElement>(null);
  const local = useRef<HTMLVideoElement>(null);
  const remote = useRef<HTMLVideoElement>(null);
  const peer = useRef<RTCPeerConnection | null>(null);
  const firstFrameSeen = useRef(false);

  useEffect(() => {
    if (local.current) {
      local.current.srcObject = stream;
    }
  }, [stream]);

  const report = useCallback((name: string, value: string | number) => {
    root.current?.setAttribute(`data-${name}`, String(value));
  }, []);

  useEffect(() => {
    let stopped = false;
    let pending: RTCIceCandidateInit[] = [];
    const connection: HubConnection = new HubConnectionBuilder()
      .withUrl(`${SIGNAL_PATH}?ticket=${encodeURIComponent(entry.ticket)}`, { transport: HttpTransportType.WebSockets, skipNegotiation: true })
      .withAutomaticReconnect(RECONNECT_DELAYS)
      .configureLogging(LogLevel.None)
      .build();

    const send = (kind: 'offer' | 'answer' | 'candidate', payload: unknown) => {
      if (connection.state === HubConnectionState.Connected) {
        void connection.invoke('Signal', kind, JSON.stringify(payload)).catch(() => undefined);
      }
    };

    const closePeer = () => {
      peer.current?.close();
      peer.current = null;
      pending = [];
      if (remote.current) {
        remote.current.srcObject = null;
      }
    };

    const watchFirstFrame = (video: HTMLVideoElement) => {
      if (firstFrameSeen.current) {
        return;
      }
      const seen = () => {
        if (!firstFrameSeen.current) {
          firstFrameSeen.current = true;
          report('first-frame-ms', Math.round(performance.now() - joinedAt));
        }
      };
      if (typeof video.requestVideoFrameCallback === 'function') {
        video.requestVideoFrameCallback(seen);
      } else {
        video.addEventListener('loadeddata', seen, { once: true });
      }
    };

    const newPeer = () => {
      closePeer();
      const pc = new RTCPeerConnection({
        iceServers: entry.iceServers.map((server) => ({
          urls: server.urls,
          ...(server.username ? { username: server.username } : {}),
          ...(server.credential ? { credential: server.credential } : {}),
        })),
      });
      stream.getTracks().forEach((track) => pc.addTrack(track, stream));
      pc.onicecandidate = (event) => {
        if (event.candidate) {
          send('candidate', event.candidate.toJSON());
        }
      };
      pc.ontrack = (event) => {
        const video = remote.current;
        if (video && video.srcObject !== (event.streams[0] ?? null)) {
          video.srcObject = event.streams[0] ?? new MediaStream([event.track]);
          watchFirstFrame(video);
        }
      };
      pc.onconnectionstatechange = () => {
        report('connection-state', pc.connectionState);
        if (pc.connectionState === 'connected') {
          setPhase('inCall');
        }
      };
      peer.current = pc;
      report('frames-decoded', 0);
      return pc;
    };

    const flush = async (pc: RTCPeerConnection) => {
      const queued = pending;
      pending = [];
      for (const candidate of queued) {
        await pc.addIceCandidate(candidate).catch(() => undefined);
      }
    };

    const offer = async () => {
      const pc = newPeer();
      await pc.setLocalDescription(await pc.createOffer());
      send('offer', pc.localDescription);
    };

    connection.on('waiting', () => {
      closePeer();
      setPhase('waiting');
    });
    connection.on('peer-joined', () => {
      setPhase('joining');
      if (entry.role === 'provider') {
        void offer().catch(() => setPhase('lost'));
      } else {
        newPeer();
      }
    });
    connection.on('peer-left', () => {
      closePeer();
      setPhase('peerLeft');
    });
    connection.on('refused', (reason: string) => {
      stopped = true;
      setRefusal(reason);
      setPhase('refused');
    });
    connection.on('signal', (kind: string, payload: string) => {
      void (async () => {
        const message = JSON.parse(payload) as RTCSessionDescriptionInit & RTCIceCandidateInit;
        if (kind === 'offer') {
          const pc = peer.current ?? newPeer();
          await pc.setRemoteDescription(message);
          await flush(pc);
          await pc.setLocalDescription(await pc.createAnswer());
          send('answer', pc.localDescription);
        } else if (kind === 'answer' && peer.current) {
          await peer.current.setRemoteDescription(message);
          await flush(peer.current);
        } else if (kind === 'candidate') {
          if (peer.current?.remoteDescription) {
            await peer.current.addIceCandidate(message);
          } else {
            pending.push(message);
          }
        }
      })().catch(() => undefined);
    });
    connection.onreconnecting(() => {
      if (!stopped) {
        setPhase('reconnecting');
      }
    });
    // Back after a blip: the hub says again who is in ("waiting" or "peer-joined"), and the provider offers anew.
    connection.onreconnected(() => report('reconnects', Number(root.current?.dataset.reconnects ?? 0) + 1));
    connection.onclose(() => {
      closePeer();
      if (!stopped) {
        setPhase('lost');
      }
    });

    setPhase('connecting');
    connection.start().catch(() => {
      if (!stopped) {
        setPhase('lost');
      }
    });

    const stats = window.setInterval(() => {
      const pc = peer.current;
      if (!pc) {
        return;
      }
      void pc
        .getStats()
        .then((report_) => {
          let decoded = 0;
          report_.forEach((item: { type?: string; kind?: string; framesDecoded?: number }) => {
            if (item.type === 'inbound-rtp' && item.kind === 'video') {
              decoded += item.framesDecoded ?? 0;
            }
          });
          report('frames-decoded', decoded);
        })
        .catch(() => undefined);
    }, 500);

    return () => {
      stopped = true;
      window.clearInterval(stats);
      closePeer();
      void connection.stop();
    };
  }, [entry, stream, joinedAt, attempt, report]);

  const toggleMute = () => {
    const next = !muted;
    stream.getAudioTracks().forEach((track) => (track.enabled = !next));
    setMuted(next);
  };

  const toggleCamera = () => {
    const next = !cameraOff;
    stream.getVideoTracks().forEach((track) => (track.enabled = !next));
    setCameraOff(next);
  };

  const hangUp = () => {
    peer.current?.close();
    peer.current = null;
    stopStream(stream);
    setPhase('ended');
    onHungUp();
  };

  const message = phase === 'refused' && refusal && REFUSAL_KEYS[refusal] ? t(REFUSAL_KEYS[refusal]!) : t(PHASE_KEYS[phase], { name: otherName });
  const over = phase === 'refused' || phase === 'ended';
  return (
    <section ref={root} className="visit-call" aria-label={t('visit.call.label')} data-role={entry.role} data-phase={phase}>
      <div role="status" className={phase === 'refused' || phase === 'lost' ? 'message error' : 'message note'}>
        <p>{message}</p>
      </div>
      <div className="visit-videos">
        <figure className="visit-remote">
          <video ref={remote} className="visit-video" autoPlay playsInline aria-label={t('visit.call.remoteVideo', { name: otherName })} />
          <figcaption>{otherName}</figcaption>
        </figure>
        <figure className="visit-self">
          <video ref={local} className="visit-video" autoPlay playsInline muted aria-label={t('visit.call.selfVideo')} />
          <figcaption>{cameraOff ? t('visit.call.cameraIsOff') : t('visit.call.you')}</figcaption>
        </figure>
      </div>
      {!over && (
        <div className="visit-controls" role="group" aria-label={t('visit.call.controls')}>
          <button type="button" className="secondary" aria-pressed={muted} onClick={toggleMute}>
            {t('visit.call.mute')}
          </button>
          <button type="button" className="secondary" aria-pressed={cameraOff} onClick={toggleCamera}>
            {t('visit.call.cameraOff')}
          </button>
          {phase === 'lost' && (
            <button type="button" onClick={() => setAttempt((value) => value + 1)}>
              {t('visit.call.retry')}
            </button>
          )}
          <button type="button" className="danger" onClick={hangUp}>
            {t('visit.call.hangUp')}
          </button>
        </div>
      )}
    </section>
  );
}
