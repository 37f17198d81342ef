/** The camera and microphone, asked for before a visit. */

export type MediaProblem = 'unsupported' | 'denied' | 'noDevice' | 'busy' | 'other';

/** Whether this browser can hold a visit at all: WebRTC and media devices, on a secure page. */
export function browserSupportsVisits(): boolean {
  return typeof window !== 'undefined' && typeof window.RTCPeerConnection === 'function' && !!navigator.mediaDevices?.getUserMedia;
}

/** Asks for the camera and the microphone; the browser shows its permission prompt the first time. */
export async function openCameraAndMicrophone(): Promise<MediaStream> {
  if (!browserSupportsVisits()) {
    throw new MediaAccessError('unsupported');
  }
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 480 } } });
  } catch (error) {
    throw new MediaAccessError(problemOf(error));
  }
}

export class MediaAccessError extends Error {
  readonly problem: MediaProblem;

  constructor(problem: MediaProblem) {
    super(problem);
    this.name = 'MediaAccessError';
    this.problem = problem;
  }
}

function problemOf(error: unknown): MediaProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'noDevice';
    case 'NotReadableError':
    case 'AbortError':
      return 'busy';
    default:
      return 'other';
  }
}

/** Stops every track: the camera light goes off. */
export function stopStream(stream: MediaStream | null): void {
  stream?.getTracks().forEach((track) => track.stop());
}
