// The publisher's packet sequence, decoded with the codec: what receivers will see, frame by frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BLENDSHAPE_COUNT, decodeMotionFrame } from '../../../src/codec/index.js';
import type { MotionFrame, MotionPacket } from '../../../src/codec/index.js';
import { MotionSequencer } from '../../../src/publisher/motion-sequencer.js';

const frame = (jaw: number): MotionFrame => {
  const blendshapes = new Float32Array(BLENDSHAPE_COUNT);
  blendshapes[17] = jaw;
  return { blendshapes };
};
const MEDIA = Uint8Array.of(0x50, 0x01, 0x00, 0x9d);

/** Runs `n` encoded frames through the sequencer and decodes what each carried. */
async function emit(s: MotionSequencer, n: number): Promise<(MotionPacket | null)[]> {
  const out: (MotionPacket | null)[] = [];
  for (let i = 0; i < n; i++) {
    const bytes = s.appendTo(MEDIA);
    const d = await decodeMotionFrame(bytes);
    if (d.type === 'none') out.push(null);
    else if (d.type === 'packet') {
      assert.deepEqual(Array.from(d.media), Array.from(MEDIA));
      out.push(d.packet);
    } else assert.fail(`malformed: ${d.reason}`);
  }
  return out;
}
const kinds = (ps: (MotionPacket | null)[]) => ps.map((p) => (p ? `${p.kind}${p.start ? '+S' : ''}${p.end ? '+E' : ''}` : '-'));

test('IDLE between conversations; TRANSITION, START..END, TRANSITION_END, IDLE for one', async () => {
  const s = new MotionSequencer(7);
  const before = await emit(s, 2);
  s.start(frame(0.3));
  for (let i = 0; i < 4; i++) s.push(frame(i / 4));
  s.end();
  const during = await emit(s, 8);
  assert.deepEqual(kinds([...before, ...during]), ['idle', 'idle', 'transition', 'frame+S', 'frame', 'frame', 'frame+E', 'transition-end', 'idle', 'idle']);
  const frames = during.filter((p) => p?.kind === 'frame') as MotionPacket[];
  assert.deepEqual(frames.map((p) => p.seq), [7, 8, 9, 10]);
  assert.deepEqual(frames.map((p) => p.frame!.time), [0, 40, 80, 120], 'TIME from the conversation start');
  assert.deepEqual(frames.map((p) => p.frame!.blendshapes[17]), [0, 0.25, 0.5, 0.75].map((w) => Math.fround(Math.round(w * 65535) / 65535)));
  assert.equal(during[0]!.frame!.blendshapes[17], Math.fround(Math.round(0.3 * 65535) / 65535), 'the transition target');
});

test('seq continues across conversations (a new START never repeats the last one)', async () => {
  const s = new MotionSequencer(0);
  for (let c = 0; c < 2; c++) {
    s.start();
    s.push(frame(0.1));
    s.push(frame(0.2));
    s.end();
  }
  // both conversations go out in turn, each START..END (the second start() does not drop the first's frames)
  const out = await emit(s, 7);
  assert.deepEqual(kinds(out), ['frame+S', 'frame+E', 'transition-end', 'frame+S', 'frame+E', 'transition-end', 'idle']);
  assert.deepEqual((out.filter((p) => p?.kind === 'frame') as MotionPacket[]).map((p) => p.seq), [0, 1, 2, 3]);
  s.start();
  s.push(frame(0.3));
  s.end();
  const next = (await emit(s, 3)).filter((p) => p?.kind === 'frame') as MotionPacket[];
  assert.deepEqual(next.map((p) => [p.seq, p.start, p.end]), [[4, true, true]]);
});

test('a frame with nothing queued mid-conversation carries no packet; pushing while idle starts a conversation', async () => {
  const s = new MotionSequencer(0);
  s.push(frame(0.5)); // implicit start, no transition
  const out = await emit(s, 3);
  assert.deepEqual(kinds(out), ['frame+S', '-', '-']);
  s.end();
  // its one frame left before end(): it goes again with END (40 ms on), so the conversation ends on a frame
  const ending = await emit(s, 3);
  assert.deepEqual(kinds(ending), ['frame+E', 'transition-end', 'idle']);
  assert.deepEqual([ending[0]!.seq, ending[0]!.frame!.time, ending[0]!.frame!.blendshapes[17]], [1, 40, Math.fround(Math.round(0.5 * 65535) / 65535)]);
});

test('a frame that has its own TIME keeps it; the queue is bounded', async () => {
  const s = new MotionSequencer(0, 3);
  s.start();
  for (let i = 0; i < 5; i++) s.push({ ...frame(i / 10), time: 1000 + i });
  assert.equal(s.queued, 3);
  const out = (await emit(s, 3)) as MotionPacket[];
  assert.deepEqual(out.map((p) => p.frame!.time), [1002, 1003, 1004]);
});
