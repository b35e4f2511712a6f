/**
 * A video track from a canvas whose frames are pushed by hand (`captureStream(0)`). Chromium has
 * `requestFrame()` on the track (CanvasCaptureMediaStreamTrack, the current spec); Firefox on the stream
 * (its CanvasCaptureMediaStream), and its track has none.
 */
export function canvasTrack(canvas: HTMLCanvasElement): { track: MediaStreamTrack; requestFrame(): void } {
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0]!;
  const owner = ('requestFrame' in track ? track : stream) as unknown as { requestFrame(): void };
  return { track, requestFrame: () => owner.requestFrame() };
}
