// The one browser API whose answer the e2e tests fake (other wrappers only count, observe or re-route):
// getUserMedia, to make the microphone busy. A microphone held by another application (what `mic-in-use` is
// for) cannot be made on this machine: it has no audio device, and the browsers' fake capture devices always
// start (tried in Chromium: even `--use-file-for-fake-audio-capture` with a missing file still gave a track).
// So, while `busy()` is on, the page's `navigator.mediaDevices.getUserMedia` rejects a request for audio
// exactly as the browser does for a device it cannot open (a `DOMException` with the browser's own name and
// message); otherwise it passes every request to the browser's getUserMedia and records the tracks it got, so
// a test can check that nothing is left capturing. Everything else (livekit-client, the element, the server)
// is real.
//
// Import it before the element's module: it must be installed before livekit-client loads (webrtc-adapter
// wraps the getUserMedia it finds then), so the rejection takes the path a real one takes.

/** What each browser's getUserMedia rejects with when the microphone cannot be opened or started. */
export interface BusyError {
  name: string;
  message: string;
}

/**
 * Chromium (blink's user media request): `NotReadableError`, "Could not start audio source" when the device
 * fails to start (TRACK_START_FAILURE_AUDIO: held exclusively by another application) or "Device in use"
 * (DEVICE_IN_USE). Firefox: `NotReadableError` "Failed to allocate audiosource" when the
 * device cannot be allocated, and `AbortError` "Starting audioinput failed" when it was allocated but would
 * not start (MediaManager.cpp). livekit-client passes the rejection through unchanged
 * (`createLocalTracks`, `LocalParticipant.setTrackEnabled`); the element maps both names to `mic-in-use`
 * (src/room/microphone-errors.ts).
 */
export function busyErrors(): BusyError[] {
  return navigator.userAgent.includes('Firefox/')
    ? [{ name: 'NotReadableError', message: 'Failed to allocate audiosource' }, { name: 'AbortError', message: 'Starting audioinput failed' }]
    : [{ name: 'NotReadableError', message: 'Could not start audio source' }, { name: 'NotReadableError', message: 'Device in use' }];
}

let busyWith: BusyError | undefined;
/** Requests for audio that were refused, and every track the browser's getUserMedia handed out. */
export const refused: MediaStreamConstraints[] = [];
export const captured: MediaStreamTrack[] = [];

const browserGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints): Promise<MediaStream> => {
  if (busyWith && constraints?.audio) {
    refused.push(constraints);
    // The browser answers after a round trip to its media process, never synchronously.
    await new Promise((r) => setTimeout(r, 20));
    throw new DOMException(busyWith.message, busyWith.name);
  }
  const stream = await browserGetUserMedia(constraints);
  captured.push(...stream.getTracks());
  return stream;
};

/** Makes the microphone busy (another application holds it) until `free()`. */
export function busy(error: BusyError): void {
  busyWith = error;
}

export function free(): void {
  busyWith = undefined;
}

/** The tracks from getUserMedia that are still capturing. */
export const capturing = (): MediaStreamTrack[] => captured.filter((t) => t.readyState === 'live');
