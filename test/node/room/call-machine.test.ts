import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SpatiusAvatarError } from '../../../src/core/errors.js';
import { CallMachine } from '../../../src/room/call-machine.js';
import type { CallConfig } from '../../../src/room/call-machine.js';
import { rng } from '../../support/random.js';
import { FakeSession, machine } from './fake-call.js';

const A: CallConfig = { url: 'wss://a', token: 't1', roomName: 'r' };
const B: CallConfig = { url: 'wss://b', token: 't1', roomName: 'r' };
const settle = () => new Promise((r) => setTimeout(r, 0));
/** Lets the machine run until it waits on a session (or has nothing to do). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await settle();
  assert.ok(check(), 'the machine did not get there');
}
const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: SpatiusAvatarError) => e.code);

describe('call machine', () => {
  test('connect twice in one task with the same call: one session, both resolve', async () => {
    const { m, sessions } = machine();
    const p1 = m.connect(A);
    const p2 = m.connect(A);
    await until(() => sessions.length === 1);
    sessions[0]!.succeed();
    assert.deepEqual(await Promise.all([code(p1), code(p2)]), ['resolved', 'resolved']);
    assert.equal(sessions.length, 1);
    assert.equal(m.state, 'connected');
  });

  test('connect A then B in one task: A rejects aborted (not fatal), no session for A, no failed', async () => {
    const { m, sessions, log, states } = machine();
    const p1 = m.connect(A).then(() => 'resolved', (e: SpatiusAvatarError) => `${e.code} fatal=${e.fatal}`);
    const p2 = code(m.connect(B));
    await until(() => sessions.length === 1);
    assert.equal(sessions[0]!.config.url, 'wss://b', 'no Room is made for the superseded request');
    sessions[0]!.succeed();
    assert.equal(await p1, 'aborted fatal=false');
    assert.equal(await p2, 'resolved');
    assert.ok(!states.includes('failed'));
    assert.deepEqual(log, ['connected']);
  });

  test('a second connect while the first is connecting: the first aborts at once, one session at a time', async () => {
    const { m, sessions, states } = machine();
    const p1 = code(m.connect(A));
    await until(() => sessions.length === 1);
    const p2 = code(m.connect(B));
    assert.equal(sessions[0]!.closed, true, 'the connecting session is closed right away');
    assert.equal(await p1, 'aborted');
    await until(() => sessions.length === 2);
    sessions[1]!.succeed();
    assert.equal(await p2, 'resolved');
    assert.equal(FakeSession.most, 1, 'never two sessions alive');
    assert.ok(!states.includes('failed'));
  });

  test('connect(); disconnect(); in one task ends disconnected, with no session', async () => {
    const { m, sessions, log } = machine();
    const p = code(m.connect(A));
    await m.disconnect();
    assert.equal(await p, 'aborted');
    await settle();
    assert.equal(m.state, 'disconnected');
    assert.equal(FakeSession.open, 0);
    assert.equal(sessions.length, 0);
    assert.deepEqual(log, ['disconnected:client-initiated']);
  });

  test('disconnect while connecting closes the session; a later connect opens a new one', async () => {
    const { m, sessions } = machine();
    const p = code(m.connect(A));
    await until(() => sessions.length === 1);
    const d = m.disconnect();
    assert.equal(await p, 'aborted');
    await d;
    assert.equal(sessions[0]!.closed, true);
    const p2 = m.connect(A);
    await until(() => sessions.length === 2);
    sessions[1]!.succeed();
    assert.equal(await code(p2), 'resolved');
  });

  test('a real failure: failed, the error, the promise rejects with it; reconnect() tries again', async () => {
    const { m, sessions, log } = machine();
    const p = code(m.connect(A));
    await until(() => sessions.length === 1);
    sessions[0]!.failWith(new SpatiusAvatarError('token-rejected', 'no'));
    assert.equal(await p, 'token-rejected');
    assert.equal(m.state, 'failed');
    assert.deepEqual(log, ['failed:token-rejected']);
    assert.equal(sessions[0]!.closed, true, 'the failed session is closed');
    const r = code(m.reconnect());
    await until(() => sessions.length === 2);
    sessions[1]!.succeed();
    assert.equal(await r, 'resolved');
    assert.equal(m.state, 'connected');
  });

  test('connected says whether the call continued: reconnect() and a forced same-call connect while it is wanted do; a first connect, another call, a reconnect() after disconnected or failed do not', async () => {
    const { m, sessions, continued } = machine();
    const connectedOnce = async (request: () => Promise<void>) => {
      const before = sessions.length;
      const p = request();
      await until(() => sessions.length === before + 1);
      sessions.at(-1)!.succeed();
      await p;
    };
    await connectedOnce(() => m.connect(A)); // first
    await connectedOnce(() => m.reconnect()); // while connected
    await connectedOnce(() => m.connect({ ...A, token: 't2' }, { force: true })); // the same call, forced
    await connectedOnce(() => m.connect(B)); // another call
    await m.disconnect();
    await connectedOnce(() => m.reconnect()); // after disconnected
    // reconnect() while a reconnect() is still connecting: the call stays wanted throughout
    const first = code(m.reconnect());
    await until(() => sessions.length === 6);
    await connectedOnce(() => m.reconnect());
    assert.equal(await first, 'aborted');
    // after failed
    const failing = code(m.reconnect());
    await until(() => sessions.length === 8);
    sessions[7]!.failWith(new SpatiusAvatarError('connection-failed', 'no'));
    assert.equal(await failing, 'connection-failed');
    await connectedOnce(() => m.reconnect());
    // Another call, reconnected before it connected: still a call begun anew (nothing of A's goes into B)
    const toB = code(m.connect({ ...B, roomName: 'b2' }));
    await until(() => sessions.length === 10);
    await connectedOnce(() => m.reconnect());
    assert.equal(await toB, 'aborted');
    assert.deepEqual(continued, [false, true, true, false, false, true, false, false]);
  });

  test('reconnect() before any connect() rejects no-previous-connection, not fatal, state untouched', async () => {
    const { m, states } = machine();
    const r = m.reconnect();
    assert.equal(await code(r), 'no-previous-connection');
    await r.catch((e: SpatiusAvatarError) => assert.equal(e.fatal, false));
    assert.deepEqual(states, []);
  });

  test('a new token alone keeps the live call and is used by the next reconnect', async () => {
    const { m, sessions } = machine();
    const p = m.connect(A);
    await until(() => sessions.length === 1);
    sessions[0]!.succeed();
    await p;
    assert.equal(await code(m.connect({ ...A, token: 't2' })), 'resolved', 'the same call: joined at once');
    m.refreshToken({ ...A, roomName: 'other', token: 'not-for-this-call' });
    m.refreshToken({ ...A, token: 't3' });
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0]!.closed, false);
    const r = m.reconnect();
    await until(() => sessions.length === 2);
    assert.equal(sessions[1]!.config.token, 't3');
    sessions[1]!.succeed();
    await r;
  });

  test('a request that fails its check while a call is live (or coming) rejects with its code, not fatal; the call goes on', async () => {
    const { m, sessions, log, states } = machine();
    /** As the element's check (validateConfig): a url that is not one is refused. */
    const check = (c: CallConfig) => {
      if (!c.url.startsWith('wss://')) throw new SpatiusAvatarError('invalid-url', `url "${c.url}" is not a URL`);
    };
    const bad: CallConfig = { url: 'bad', token: 't1' };
    const p = m.connect(A);
    await until(() => sessions.length === 1);
    const whileConnecting = m.connect(bad, { check }).then(() => 'resolved', (e: SpatiusAvatarError) => `${e.code} fatal=${e.fatal}`);
    assert.equal(await whileConnecting, 'invalid-url fatal=false');
    assert.equal(sessions[0]!.closed, false, 'the connect in progress goes on');
    sessions[0]!.succeed();
    await p;
    const whileConnected = m.connect(bad, { check }).then(() => 'resolved', (e: SpatiusAvatarError) => `${e.code} fatal=${e.fatal}`);
    assert.equal(await whileConnected, 'invalid-url fatal=false');
    await settle();
    assert.equal(sessions[0]!.closed, false, 'the live call is not dropped');
    assert.equal(sessions.length, 1);
    assert.equal(m.state, 'connected');
    assert.deepEqual(states, ['connecting', 'connected']);
    assert.deepEqual(log, ['connected'], 'no disconnected, no failed');
    assert.equal(m.lastConfig, A, 'reconnect() returns to the live call, not to the refused config');
    const next = code(m.connect(B, { check }));
    await until(() => sessions.length === 2);
    assert.equal(sessions[0]!.closed, true, 'a request that passes replaces the call, as before');
    sessions[1]!.succeed();
    assert.equal(await next, 'resolved');
  });

  test('with no call wanted, a request that fails its check is not refused up front: it is a connect that fails (state failed)', async () => {
    const { m, sessions, states } = machine();
    let checked = 0;
    const check = () => {
      checked++;
      throw new SpatiusAvatarError('invalid-url', 'not a URL');
    };
    void m.connect(A, { check }).catch(() => undefined);
    assert.equal(checked, 0);
    assert.equal(m.state, 'connecting');
    await until(() => sessions.length === 1);
    sessions[0]!.failWith(new SpatiusAvatarError('invalid-url', 'not a URL')); // as AvatarRoom.connect() does
    await until(() => m.state === 'failed');
    assert.deepEqual(states, ['connecting', 'failed']);
  });

  test('the session ends by itself: disconnected with its reason; reports of old sessions are ignored', async () => {
    const { m, sessions, log, states } = machine();
    const p = m.connect(A);
    await until(() => sessions.length === 1);
    sessions[0]!.reports.reconnecting(); // while connecting: not ours to report
    sessions[0]!.succeed();
    await p;
    sessions[0]!.reports.reconnecting();
    sessions[0]!.reports.reconnected();
    sessions[0]!.reports.ended('server-shutdown');
    assert.equal(m.state, 'disconnected');
    assert.deepEqual(log, ['connected', 'disconnected:server-shutdown']);
    assert.deepEqual(states, ['connecting', 'connected', 'reconnecting', 'connected', 'disconnected']);
    sessions[0]!.reports.reconnecting();
    assert.equal(m.state, 'disconnected', 'an ended session is not listened to');
    await until(() => sessions[0]!.closed);
  });

  test('a listener that disconnects when the state becomes connected: no connected event for the abandoned call', async () => {
    FakeSession.open = FakeSession.most = 0;
    const log: string[] = [];
    const sessions: FakeSession[] = [];
    const m: CallMachine<FakeSession> = new CallMachine<FakeSession>((config, reports) => {
      const s = new FakeSession(config, reports);
      sessions.push(s);
      return s;
    }, {
      state: (s) => {
        log.push(`state:${s}`);
        if (s === 'connected') void m.disconnect();
      },
      connected: () => log.push('connected'),
      disconnected: (reason) => log.push(`disconnected:${reason}`),
      failed: (e) => log.push(`failed:${e.code}`),
    });
    const p = code(m.connect(A));
    await until(() => sessions.length === 1);
    sessions[0]!.succeed();
    await p;
    await until(() => sessions[0]!.closed);
    assert.deepEqual(log, ['state:connecting', 'state:connected', 'disconnected:client-initiated', 'state:disconnected']);
    assert.equal(m.state, 'disconnected');
  });

  test('a listener that reconnects on the fatal error: the new connect wins, no failed state after it', async () => {
    const states: string[] = [];
    const sessions: FakeSession[] = [];
    let retried = false;
    const m: CallMachine<FakeSession> = new CallMachine<FakeSession>((config, reports) => {
      const s = new FakeSession(config, reports);
      sessions.push(s);
      return s;
    }, {
      state: (s) => states.push(s),
      connected: () => undefined,
      disconnected: () => undefined,
      failed: () => {
        if (!retried) void m.reconnect().catch(() => undefined);
        retried = true;
      },
    });
    const first = code(m.connect(A));
    await until(() => sessions.length === 1);
    sessions[0]!.failWith(new SpatiusAvatarError('token-rejected', 'no'));
    assert.equal(await first, 'token-rejected');
    await until(() => sessions.length === 2);
    assert.equal(m.state, 'connecting', 'the retry is what the state says, not the old failure');
    assert.ok(!states.includes('failed'));
    sessions[1]!.succeed();
    await until(() => m.state === 'connected');
  });

  test('fuzz: any order of requests ends in the state of the last one, with at most one session', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261124);
    const random = rng(seed);
    for (let run = 0; run < 300; run++) {
      const { m, sessions } = machine();
      const promises: Promise<unknown>[] = [];
      let last: 'up' | 'down' | 'none' = 'none';
      const failing = new Set<number>();
      for (let step = 0; step < 8; step++) {
        const r = random();
        if (r < 0.35) {
          promises.push(m.connect(random() < 0.5 ? A : B).catch(() => undefined));
          last = 'up';
        } else if (r < 0.55) {
          promises.push(m.disconnect());
          last = 'down';
        } else if (r < 0.7) {
          const p = m.reconnect().catch(() => undefined);
          promises.push(p);
          if (m.lastConfig) last = 'up';
        } else if (r < 0.85) {
          // settle the newest open session: succeed, or (now and then) fail for real
          const s = sessions.at(-1);
          if (s && !s.closed) {
            if (random() < 0.2) {
              failing.add(sessions.length - 1);
              s.failWith(new SpatiusAvatarError('connection-failed', 'boom'));
            } else s.succeed();
          }
        }
        if (random() < 0.5) await settle();
      }
      // let everything settle, connecting what is still waiting
      for (let i = 0; i < 50; i++) {
        const s = sessions.at(-1);
        if (s && !s.closed) s.succeed();
        await settle();
      }
      await Promise.all(promises);
      const context = `seed ${seed} run ${run}`;
      assert.ok(FakeSession.most <= 1, `${context}: two sessions alive at once`);
      assert.ok(FakeSession.open <= 1, context);
      if (last === 'down' || last === 'none') assert.equal(FakeSession.open, 0, context);
      const expected = last === 'up' ? ['connected', 'failed'] : ['disconnected'];
      assert.ok(expected.includes(m.state), `${context}: ${m.state} after ${last}`);
      if (m.state === 'failed') assert.ok(failing.size > 0, `${context}: failed without a real failure`);
      if (m.state === 'connected') assert.equal(FakeSession.open, 1, context);
    }
  });
});

describe('call machine: a token from a source, refused, is fetched again once', () => {
  const source = { fetch: () => Promise.reject(new Error('not called by fake sessions')) };
  const S: CallConfig = { url: '', token: '', roomName: 'r', source };
  const rejected = () => new SpatiusAvatarError('token-rejected', 'token is expired');

  test('refused once: a second session (a fresh fetch), still connecting, then connected; no failed', async () => {
    const { m, sessions, log, states } = machine();
    const p = code(m.connect(S));
    await until(() => sessions.length === 1);
    sessions[0]!.failWith(rejected());
    await until(() => sessions.length === 2);
    assert.equal(sessions[0]!.closed, true, 'the refused session is closed before the next opens');
    assert.equal(FakeSession.most, 1);
    assert.equal(m.state, 'connecting');
    sessions[1]!.succeed();
    assert.equal(await p, 'resolved');
    assert.deepEqual(log, ['connected']);
    assert.ok(!states.includes('failed'));
  });

  test('refused twice: failed with token-rejected after exactly two sessions', async () => {
    const { m, sessions, log } = machine();
    const p = code(m.connect(S));
    await until(() => sessions.length === 1);
    sessions[0]!.failWith(rejected());
    await until(() => sessions.length === 2);
    sessions[1]!.failWith(rejected());
    assert.equal(await p, 'token-rejected');
    assert.equal(m.state, 'failed');
    await settle();
    assert.equal(sessions.length, 2);
    assert.deepEqual(log, ['failed:token-rejected']);
  });

  test('each new request gets its own retry: reconnect() after a failure retries once again', async () => {
    const { m, sessions } = machine();
    const p = code(m.connect(S));
    await until(() => sessions.length === 1);
    sessions[0]!.failWith(rejected());
    await until(() => sessions.length === 2);
    sessions[1]!.failWith(rejected());
    assert.equal(await p, 'token-rejected');
    const r = code(m.reconnect());
    await until(() => sessions.length === 3);
    sessions[2]!.failWith(rejected());
    await until(() => sessions.length === 4);
    sessions[3]!.succeed();
    assert.equal(await r, 'resolved');
  });

  test('a static token refused: failed at once, no second session', async () => {
    const { m, sessions } = machine();
    const p = code(m.connect(A));
    await until(() => sessions.length === 1);
    sessions[0]!.failWith(rejected());
    assert.equal(await p, 'token-rejected');
    await settle();
    assert.equal(sessions.length, 1);
  });

  test('another failure with a source (fetch failed, unreachable server): failed at once', async () => {
    for (const c of ['token-fetch-failed', 'token-response-invalid', 'connection-failed', 'room-mismatch'] as const) {
      const { m, sessions } = machine();
      const p = code(m.connect(S));
      await until(() => sessions.length === 1);
      sessions[0]!.failWith(new SpatiusAvatarError(c, 'x'));
      assert.equal(await p, c);
      await settle();
      assert.equal(sessions.length, 1, c);
    }
  });

  test('a request while the retry is coming wins: the retry is abandoned (aborted, no failed)', async () => {
    const { m, sessions, states } = machine();
    const p = code(m.connect(S));
    await until(() => sessions.length === 1);
    sessions[0]!.failWith(rejected());
    await until(() => sessions.length === 2);
    const d = m.disconnect();
    assert.equal(await p, 'aborted');
    await d;
    assert.equal(sessions[1]!.closed, true);
    assert.equal(m.state, 'disconnected');
    assert.ok(!states.includes('failed'));
  });

  test('abandon() while connecting: the connect fails with its error (fatal), the session is closed, state failed', async () => {
    const { m, sessions, log, states } = machine();
    const p = m.connect(A).then(() => 'resolved', (e: SpatiusAvatarError) => `${e.code} fatal=${e.fatal}`);
    await until(() => sessions.length === 1);
    const done = m.abandon(new SpatiusAvatarError('worker-failed', 'the worker died'), 'worker-failed');
    assert.equal(await p, 'worker-failed fatal=true');
    await done;
    assert.equal(sessions[0]!.closed, true);
    assert.equal(m.state, 'failed');
    assert.deepEqual(log, ['failed:worker-failed']);
    assert.ok(!states.includes('disconnected'));
    assert.equal(m.wantsCall, false);
  });

  test('abandon() before the session is made (same task as connect): failed, no session ever made', async () => {
    const { m, sessions, log } = machine();
    const p = code(m.connect(A));
    await m.abandon(new SpatiusAvatarError('worker-failed', 'x'), 'worker-failed');
    assert.equal(await p, 'worker-failed');
    await settle();
    assert.equal(sessions.length, 0);
    assert.deepEqual(log, ['failed:worker-failed']);
  });

  test('abandon() on a connected call: disconnected with the reason, no failed', async () => {
    const { m, sessions, log } = machine();
    const p = code(m.connect(A));
    await until(() => sessions.length === 1);
    sessions[0]!.succeed();
    assert.equal(await p, 'resolved');
    await m.abandon(new SpatiusAvatarError('worker-failed', 'x'), 'worker-failed');
    assert.equal(sessions[0]!.closed, true);
    assert.equal(m.state, 'disconnected');
    assert.deepEqual(log, ['connected', 'disconnected:worker-failed']);
  });

  test('abandon() with no call wanted does nothing', async () => {
    const { m, log, states } = machine();
    await m.abandon(new SpatiusAvatarError('worker-failed', 'x'), 'worker-failed');
    assert.deepEqual(log, []);
    assert.deepEqual(states, []);
  });
});
