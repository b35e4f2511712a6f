// The real motion worker's `reset` against receivers that reach it out of the port's order. In Firefox (script
// transforms) a receiver arrives as an `rtctransform` event, which is not ordered with the port's messages:
// under load a new call's receivers came before that call's `reset`, which then forgot them, so the avatar
// was never announced (no face, no voice: seen in CI). A reset forgets only the receivers below its
// `firstId`. Plain transferred streams (`receiver-streams`, ordered on the port) stand in for the receivers
// so that the order is the test's.
import { expect } from '@open-wc/testing';
import type { DataOf, FromWorkerMessage } from '../../src/worker/messages.js';
import { MotionWorkerPort } from '../../src/worker/motion-worker-port.js';
import { MEDIA, conversation, motionStreams, until } from './worker-fixtures.js';

type Kind = FromWorkerMessage['kind'];

describe('motion worker: reset and receivers out of order', () => {
  it('a call\'s receiver handed over before its reset is announced and plays; a closed call\'s after it is passed through untouched', async function () {
    this.timeout(20000);
    const failures: string[] = [];
    const port = new MotionWorkerPort({ onFailure: (e) => failures.push(e.message) });
    const replies: { kind: Kind; data: unknown }[] = [];
    for (const kind of ['motion-track', 'playback', 'refused'] as const) port.on(kind, (data) => replies.push({ kind, data }));
    const of = <K extends Kind>(kind: K) => replies.filter((r) => r.kind === kind).map((r) => r.data as DataOf<FromWorkerMessage, K>);
    const current = motionStreams(conversation(10, 3, 5), { autostart: false });
    const straggler = motionStreams(conversation(10, 3, 5), { autostart: false });
    try {
      port.post({ kind: 'configure', data: { playback: {}, renderer: 'none' } });
      await port.started;
      port.post({ kind: 'reset', data: { firstId: 100 } }); // the last call ended: its receivers were below 100
      // The new call's receiver (id 100) before that call's own reset, as its rtctransform event can come.
      port.post({ kind: 'receiver-streams', data: { receiverId: 100, kind: 'video', trackId: 'TR_current', readable: current.readable, writable: current.writable } },
        [current.readable, current.writable] as unknown as Transferable[]);
      port.post({ kind: 'reset', data: { firstId: 100 } });
      // A closed call's receiver (id 99) whose event comes only now.
      port.post({ kind: 'receiver-streams', data: { receiverId: 99, kind: 'video', trackId: 'TR_closed', readable: straggler.readable, writable: straggler.writable } },
        [straggler.readable, straggler.writable] as unknown as Transferable[]);
      await port.snapshot('image/png'); // answered after the worker acted on every message above
      current.start();
      straggler.start();

      await until('the current call\'s motion track is announced', () => of('motion-track').some((t) => t.trackId === 'TR_current'));
      port.post({ kind: 'select-track', data: { trackId: 'TR_current' } });
      await until('its conversation plays to the end', () => of('playback').some((e) => e.type === 'conversation-end'), 8000);
      await until('the straggler\'s frames went through', () => straggler.written.length === straggler.sizes.length);
      expect(of('motion-track')).to.deep.equal([{ receiverId: 100, trackId: 'TR_current' }], 'announced once, the closed call\'s never');
      expect(of('playback').map((e) => e.type)).to.include.members(['first-frame', 'conversation-end']);
      expect(current.written.every((n) => n === MEDIA.length), 'the current call\'s trailers split off').to.equal(true);
      expect(straggler.written, 'the closed call\'s frames untouched').to.deep.equal(straggler.sizes);
      expect(of('refused')).to.deep.equal([]);
      expect(failures).to.deep.equal([]);
    } finally {
      current.stop();
      straggler.stop();
      port.dispose();
    }
  });

  it('refuses a reset without a valid firstId', async () => {
    const port = new MotionWorkerPort({ onFailure: () => undefined });
    const refused: DataOf<FromWorkerMessage, 'refused'>[] = [];
    port.on('refused', (d) => refused.push(d));
    try {
      await port.started;
      for (const data of [{}, { firstId: -1 }, { firstId: 1.5 }, { firstId: '3' }]) port.post({ kind: 'reset', data } as never);
      await until('four refusals', () => refused.length === 4, 3000);
      expect(refused.map((r) => r.reason)).to.deep.equal(['bad firstId', 'bad firstId', 'bad firstId', 'bad firstId']);
    } finally {
      port.dispose();
    }
  });
});
