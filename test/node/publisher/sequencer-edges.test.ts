// A second reader's probes of the publisher's packet sequence (wire format v1, ../shared/spec/motion-track-v1.md),
// decoded with the codec. Written failing-first: each states what the spec or docs/publisher.md asks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BLENDSHAPE_COUNT, checkMotionFrame, decodeMotionFrame } from '../../../src/codec/index.js';
import type { MotionFrame, MotionPacket } from '../../../src/codec/index.js';
import { MotionSequencer } from '../../../src/publisher/motion-sequencer.js';

const frame = (jaw: number, time?: number): MotionFrame => {
  const blendshapes = new Float32Array(BLENDSHAPE_COUNT);
  blendshapes[17] = jaw;
  return time === undefined ? { blendshapes } : { blendshapes, time };
};
const MEDIA = Uint8Array.of(0x50, 0x01, 0x00, 0x9d);

/**
 * Runs `n` encoded frames through the sequencer as the sender worker does: a throw from the encoder is caught
 * (transformEncodedFrames keeps the media frame going), so that frame carries no packet.
 */
async function emit(s: MotionSequencer, n: number): Promise<(MotionPacket | null)[]> {
  const out: (MotionPacket | null)[] = [];
  for (let i = 0; i < n; i++) {
    let bytes: Uint8Array;
    try {
      bytes = s.appendTo(MEDIA);
    } catch {
      bytes = MEDIA;
    }
    const d = await decodeMotionFrame(bytes);
    if (d.type === 'none') out.push(null);
    else if (d.type === 'packet') out.push(d.packet);
    else assert.fail(`malformed: ${d.reason}`);
  }
  return out;
}
const kinds = (ps: (MotionPacket | null)[]) => ps.map((p) => (p ? `${p.kind}${p.start ? '+S' : ''}${p.end ? '+E' : ''}${p.seq !== undefined ? `#${p.seq}` : ''}` : '-'));

test('a malformed frame pushed first does not take the conversation\'s START and seq with it', async () => {
  const s = new MotionSequencer(0);
  s.start();
  assert.equal(s.push({ blendshapes: new Float32Array(10) }), false, 'refused: 10 weights, not 52');
  s.push(frame(0.1));
  s.push(frame(0.2));
  s.end();
  assert.deepEqual(kinds(await emit(s, 4)), ['frame+S#0', 'frame+E#1', 'transition-end', 'idle']);
});

test('a malformed last frame does not take the conversation\'s END with it', async () => {
  const s = new MotionSequencer(0);
  s.start();
  s.push(frame(0.1));
  assert.equal(s.push({ blendshapes: new Float32Array(BLENDSHAPE_COUNT).fill(NaN) }), false, 'refused: NaN weights');
  assert.equal(s.push(null as never), false, 'refused: not a frame');
  s.end();
  assert.deepEqual(kinds(await emit(s, 3)), ['frame+S+E#0', 'transition-end', 'idle']);
});

test('TIME counts from each conversation\'s first frame when frames come unstamped (as AudioMotion\'s do)', async () => {
  const s = new MotionSequencer(0);
  for (let c = 0; c < 2; c++) {
    s.start();
    for (let k = 0; k < 3; k++) s.push(frame(0.5));
    s.end();
  }
  const frames = (await emit(s, 8)).filter((p): p is MotionPacket => p?.kind === 'frame');
  assert.deepEqual(frames.map((p) => p.frame!.time), [0, 40, 80, 0, 40, 80], 'spec 4: TIME = ms since the conversation started');
});

test('endConversation() then startConversation(): the frames pushed before the end still go out, the last with END', async () => {
  const s = new MotionSequencer(0);
  s.start();
  s.push(frame(0.1));
  s.push(frame(0.2));
  s.end();
  s.start(frame(0.9)); // the next turn, in the same task: before an encoded frame took the queue
  s.push(frame(0.9));
  const got = kinds(await emit(s, 6)).filter((k) => k !== '-');
  assert.deepEqual(got.slice(0, 3), ['frame+S#0', 'frame+E#1', 'transition-end']);
});

test('pushFrame() after endConversation() starts the next conversation, it does not join the ending one', async () => {
  const s = new MotionSequencer(0);
  s.start();
  s.push(frame(0.1));
  s.end();
  s.push(frame(0.5)); // pushed after the end: "ends the conversation after the frames already pushed"
  const got = kinds(await emit(s, 4)).filter((k) => k !== '-');
  assert.equal(got[0], 'frame+S+E#0', `got ${JSON.stringify(got)}`);
});

test('docs/publisher.md\'s flow (each pushed frame leaves at once, endConversation() after the last): a frame carries END', async () => {
  // pushFrame() draws a new encoded frame at once, so in real time each frame has left before the next call;
  // endConversation() comes when the speech is over, after the last frame left.
  const s = new MotionSequencer(0);
  s.start(frame(0.1));
  const out = await emit(s, 1); // the TRANSITION, on the timer's frame
  for (let i = 0; i < 3; i++) {
    s.push(frame(i / 3));
    out.push(...(await emit(s, 1)));
  }
  s.end();
  out.push(...(await emit(s, 2)));
  assert.ok(kinds(out).some((k) => k.startsWith('frame') && k.includes('+E')), `sent: ${JSON.stringify(kinds(out))}`);
});

test('frames dropped past maxQueue do not shift the TIME of the frames after them (TIME is the audio time a frame belongs to)', async () => {
  const s = new MotionSequencer(0, 4);
  s.start();
  // six frames of speech (0, 40, ... 200 ms of audio) pushed while no encoded frame left: the two oldest go
  for (let i = 0; i < 6; i++) s.push(frame(i / 10));
  s.end();
  const frames = (await emit(s, 6)).filter((p) => p?.kind === 'frame');
  // the frames left are the 3rd..6th pushed (jaw 0.2..0.5): their audio is at 80, 120, 160, 200 ms
  assert.deepEqual(frames.map((p) => Math.round(p!.frame!.blendshapes[17]! * 10)), [2, 3, 4, 5]);
  assert.deepEqual(frames.map((p) => p!.frame!.time), [80, 120, 160, 200]);
});

test('a conversation whose last frame brought the largest TIME still ends on an END frame', async () => {
  const s = new MotionSequencer(0);
  s.start();
  assert.equal(s.push(frame(0.3, 0xffffffff)), true, 'accepted: TIME is a u32');
  const first = await emit(s, 1); // it leaves, then endConversation()
  s.end();
  const rest = await emit(s, 3);
  const all = [...first, ...rest];
  assert.ok(all.some((p) => p?.kind === 'frame' && p.end), `an END frame: ${JSON.stringify(all.map((p) => p && { kind: p.kind, start: p.start, end: p.end, time: p.frame?.time }))}`);
});

test('checkMotionFrame refuses a head pose whose six values are not three rotation and three translation values', () => {
  const w = new Float32Array(BLENDSHAPE_COUNT);
  const accepted = (headPose: unknown) => {
    try {
      checkMotionFrame({ blendshapes: w, headPose } as never);
      return true;
    } catch {
      return false;
    }
  };
  assert.deepEqual({
    '2 + 4': accepted({ rotation: [0.1, 0.2], translation: [0.3, 0, 0, 0] }),
    '6 + none': accepted({ rotation: [0.1, 0.2, 0.3, 0, 0, 0] }),
    '3 + 3': accepted({ rotation: [0.1, 0.2, 0.3], translation: [0, 0, 0] }),
  }, { '2 + 4': false, '6 + none': false, '3 + 3': true });
});
