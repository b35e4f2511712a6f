/** The encoded-frame plumbing shared by the receive and send sides (worker side, no DOM). */

export type EncodedFrame = RTCEncodedVideoFrame | RTCEncodedAudioFrame;

export interface EncodedStreams {
  readable: ReadableStream<EncodedFrame>;
  writable: WritableStream<EncodedFrame>;
}

/**
 * Pipes every frame of `streams` through `handle`, which may change `frame.data` and returns
 * whether the frame goes on (true) or is dropped (false). Resolves when the streams close, or when
 * `signal` aborts (the readable is cancelled and the writable aborted); never rejects (a closed peer
 * connection ends the pipe, it is not an error).
 */
export function transformEncodedFrames(streams: EncodedStreams, handle: (frame: EncodedFrame) => boolean, signal?: AbortSignal): Promise<void> {
  const step = new TransformStream<EncodedFrame, EncodedFrame>({
    transform(frame, controller) {
      let keep = true;
      try {
        keep = handle(frame);
      } catch {
        keep = true; // a bug in a handler must not stall the media
      }
      if (keep) controller.enqueue(frame);
    },
  });
  return streams.readable.pipeThrough(step, { signal }).pipeTo(streams.writable, { signal }).catch(() => undefined);
}
