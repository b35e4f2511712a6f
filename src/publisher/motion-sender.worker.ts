// The publisher's sender-transform worker: appends the sequencer's packet to every encoded frame of the
// motion track. Frames and conversation starts and ends come from MotionPublisher.
import { encodeMotionFrameSync } from '../codec/encode.js';
import { transformEncodedFrames } from '../worker/encoded-frames.js';
import type { WorkerScope } from '../worker/worker-scope.js';
import type { FromSenderMessage, ToSenderMessage } from './messages.js';
import { MotionSequencer } from './motion-sequencer.js';

declare const self: WorkerScope;

const sequencer = new MotionSequencer();
let framesSent = 0;
let packetsSent = 0;
let report = false;

self.onmessage = (e: MessageEvent<ToSenderMessage>) => {
  const m = e.data;
  if (m.kind === 'start') sequencer.start(m.data.target);
  else if (m.kind === 'frame') sequencer.push(m.data);
  else if (m.kind === 'end') sequencer.end();
  else if (m.kind === 'report') report = true;
};

self.onrtctransform = (event) => {
  const { readable, writable } = event.transformer;
  transformEncodedFrames({ readable, writable } as never, (frame) => {
    const media = new Uint8Array(frame.data);
    const packet = sequencer.next();
    framesSent++;
    if (packet) {
      packetsSent++;
      frame.data = encodeMotionFrameSync(packet, media).buffer as ArrayBuffer;
      if (report && packet.kind === 'frame') {
        const sent: FromSenderMessage = { kind: 'sent', data: { seq: packet.seq!, jawOpen: packet.frame!.blendshapes[17] ?? 0, at: performance.timeOrigin + performance.now() } };
        self.postMessage(sent);
      }
    }
    // Frames still waiting (an encoded frame was dropped or two pushes shared one): ask for another frame
    // now, so a backlog never delays the motion behind its voice.
    if (sequencer.queued > 0) self.postMessage({ kind: 'drain', data: {} } satisfies FromSenderMessage);
    return true;
  });
};

setInterval(() => {
  const stats: FromSenderMessage = { kind: 'stats', data: { framesSent, packetsSent, queued: sequencer.queued } };
  self.postMessage(stats);
}, 1000);
