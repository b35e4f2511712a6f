import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SpatiusAvatarError } from '../../../src/core/errors.js';
import type { CallConfig } from '../../../src/room/call-machine.js';
import { LOST_REASON, RECONNECT_DEADLINE_MS, ReconnectDeadline } from '../../../src/room/reconnect-deadline.js';
import { rng } from '../../support/random.js';
import { FakeSession, machine as fakeMachine } from './fake-call.js';

describe('reconnect deadline (pure)', () => {
  test('nothing is watched before start and after stop', () => {
    const d = new ReconnectDeadline(1000);
    assert.equal(d.running, false);
    assert.equal(d.remaining(5), undefined);
    assert.equal(d.expired(1e9), false);
    d.progress(10); // progress while not reconnecting starts nothing
    assert.equal(d.remaining(10), undefined);
    d.start(100);
    assert.equal(d.running, true);
    d.stop();
    assert.equal(d.remaining(100), undefined);
  });

  test('expires a whole deadline after the last progress, not before', () => {
    const d = new ReconnectDeadline(1000);
    d.start(100);
    assert.equal(d.remaining(100), 1000);
    assert.equal(d.remaining(1099), 1);
    assert.equal(d.expired(1099), false);
    d.progress(900);
    assert.equal(d.remaining(1100), 800);
    assert.equal(d.expired(1899), false);
    assert.equal(d.expired(1900), true);
    assert.equal(d.remaining(5000), 0);
  });

  test('a late report of an older step never moves the deadline back; start while watching is progress', () => {
    const d = new ReconnectDeadline(1000);
    d.start(500);
    d.progress(200);
    assert.equal(d.remaining(500), 1000);
    d.start(800);
    assert.equal(d.remaining(800), 1000);
  });

  test('the default is 20 s; a deadline that is not a positive number is refused', () => {
    assert.equal(new ReconnectDeadline().deadlineMs, RECONNECT_DEADLINE_MS);
    assert.equal(RECONNECT_DEADLINE_MS, 20000);
    for (const bad of [0, -1, Number.NaN]) assert.throws(() => new ReconnectDeadline(bad), RangeError);
  });
});

const DEADLINE = 20000;
const A: CallConfig = { url: 'wss://a', token: 't1', roomName: 'r' };
const settle = () => new Promise((r) => setTimeout(r, 0));
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await settle();
  assert.ok(check(), 'the machine did not get there');
}
const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: SpatiusAvatarError) => e.code);

const machine = () => fakeMachine({ reconnectDeadlineMs: DEADLINE });

/** A machine with a connected call whose session has just reported `reconnecting`. */
async function reconnecting(config: CallConfig = A) {
  const t = machine();
  void t.m.connect(config).catch(() => undefined);
  await until(() => t.sessions.length === 1);
  t.sessions[0]!.succeed();
  await until(() => t.m.state === 'connected');
  t.sessions[0]!.reports.reconnecting();
  assert.equal(t.m.state, 'reconnecting');
  return t;
}

describe('call machine: the deadline on reconnecting', () => {
  test('no progress for the deadline: the Room is abandoned, a fresh one connects; the page sees reconnecting, then connected', async () => {
    const { m, sessions, log, continued, states, clock } = await reconnecting();
    clock.advance(DEADLINE - 1);
    await settle();
    assert.equal(sessions.length, 1, 'not before the deadline');
    clock.advance(1);
    await until(() => sessions.length === 2);
    assert.equal(sessions[0]!.closed, true, 'the stuck session is closed before the fresh one is made');
    assert.equal(FakeSession.most, 1);
    assert.equal(m.state, 'reconnecting');
    assert.equal(m.session, undefined);
    assert.equal(m.wantedSession, sessions[1]);
    assert.deepEqual(sessions[1]!.config, A, 'the same call and credentials');
    sessions[1]!.succeed();
    await until(() => m.state === 'connected');
    assert.equal(m.session, sessions[1]);
    assert.deepEqual(states, ['connecting', 'connected', 'reconnecting', 'connected']);
    assert.deepEqual(log, ['connected', 'connected']);
    assert.deepEqual(continued, [false, true], 'the fresh Room continues the call (what the page published comes back)');
    assert.equal(clock.timers.size, 0, 'no timer left');
  });

  test('progress moves the deadline: a reconnect that keeps working is left to livekit-client', async () => {
    const { m, sessions, clock } = await reconnecting();
    for (let i = 0; i < 10; i++) {
      clock.advance(DEADLINE - 1000);
      sessions[0]!.reports.progress?.();
    }
    await settle();
    assert.equal(sessions.length, 1);
    sessions[0]!.reports.reconnected();
    assert.equal(m.state, 'connected');
    assert.equal(clock.timers.size, 0, 'connected: the timer is cleared');
    clock.advance(10 * DEADLINE);
    await settle();
    assert.equal(sessions.length, 1);
  });

  test('a new reconnecting report (another kind of reconnect) is progress too', async () => {
    const { sessions, clock } = await reconnecting();
    clock.advance(DEADLINE - 1);
    sessions[0]!.reports.reconnecting();
    clock.advance(DEADLINE - 1);
    await settle();
    assert.equal(sessions.length, 1);
    clock.advance(1);
    await until(() => sessions.length === 2);
  });

  test('the fresh connect fails (server still gone): disconnected with reason unknown, as livekit-client gives up; no failed, no error', async () => {
    const { m, sessions, log, states, clock } = await reconnecting();
    clock.advance(DEADLINE);
    await until(() => sessions.length === 2);
    sessions[1]!.failWith(new SpatiusAvatarError('connection-failed', 'could not establish signal connection'));
    await until(() => m.state === 'disconnected');
    assert.deepEqual(log, ['connected', `disconnected:${LOST_REASON}`]);
    assert.deepEqual(states, ['connecting', 'connected', 'reconnecting', 'disconnected']);
    assert.equal(FakeSession.open, 0);
    assert.equal(m.wantsCall, false);
    // reconnect() returns to the same call afterwards
    const p = code(m.reconnect());
    await until(() => sessions.length === 3);
    sessions[2]!.succeed();
    assert.equal(await p, 'resolved');
    assert.equal(m.state, 'connected');
  });

  test('the fresh connect with a static token refused: disconnected unknown, no second fresh session', async () => {
    const { m, sessions, log, clock } = await reconnecting();
    clock.advance(DEADLINE);
    await until(() => sessions.length === 2);
    sessions[1]!.failWith(new SpatiusAvatarError('token-rejected', 'token is expired'));
    await until(() => m.state === 'disconnected');
    await settle();
    assert.equal(sessions.length, 2);
    assert.deepEqual(log, ['connected', 'disconnected:unknown']);
  });

  test('with a token source, a refused token is fetched again once (still reconnecting), then connects', async () => {
    const source = { fetch: () => Promise.reject(new Error('not called by fake sessions')) };
    const { m, sessions, states, clock } = await reconnecting({ url: '', token: '', roomName: 'r', source });
    clock.advance(DEADLINE);
    await until(() => sessions.length === 2);
    sessions[1]!.failWith(new SpatiusAvatarError('token-rejected', 'token is expired'));
    await until(() => sessions.length === 3);
    assert.equal(m.state, 'reconnecting');
    sessions[2]!.succeed();
    await until(() => m.state === 'connected');
    assert.deepEqual(states, ['connecting', 'connected', 'reconnecting', 'connected']);
  });

  test('disconnect() while waiting for the deadline: disconnected client-initiated, the timer cleared, no fresh connect', async () => {
    const { m, sessions, log, clock } = await reconnecting();
    clock.advance(DEADLINE / 2);
    await m.disconnect();
    assert.equal(clock.timers.size, 0);
    clock.advance(DEADLINE * 2);
    await settle();
    assert.equal(sessions.length, 1);
    assert.equal(m.state, 'disconnected');
    assert.deepEqual(log, ['connected', 'disconnected:client-initiated']);
  });

  test('disconnect() during the fresh connect: it is aborted, disconnected client-initiated, nothing left open', async () => {
    const { m, sessions, log, clock } = await reconnecting();
    clock.advance(DEADLINE);
    await until(() => sessions.length === 2);
    await m.disconnect();
    assert.equal(sessions[1]!.closed, true);
    assert.equal(FakeSession.open, 0);
    await settle();
    assert.equal(m.state, 'disconnected');
    assert.deepEqual(log, ['connected', 'disconnected:client-initiated']);
  });

  test('reconnect() during the fresh connect: the request wins (connecting, then connected), one session at a time', async () => {
    const { m, sessions, states, clock } = await reconnecting();
    clock.advance(DEADLINE);
    await until(() => sessions.length === 2);
    const p = code(m.reconnect());
    await until(() => sessions.length === 3);
    assert.equal(sessions[1]!.closed, true);
    sessions[2]!.succeed();
    assert.equal(await p, 'resolved');
    assert.deepEqual(states, ['connecting', 'connected', 'reconnecting', 'connecting', 'connected']);
    assert.equal(FakeSession.most, 1);
  });

  test('connect() to the same call during the fresh connect resolves at once (the call is up); to another call, it replaces it', async () => {
    const { m, sessions, clock } = await reconnecting();
    clock.advance(DEADLINE);
    await until(() => sessions.length === 2);
    assert.equal(await code(m.connect({ ...A, token: 't2' })), 'resolved');
    assert.equal(m.state, 'reconnecting');
    const p = code(m.connect({ ...A, url: 'wss://b' }));
    assert.equal(m.state, 'connecting');
    await until(() => sessions.length === 3);
    assert.equal(sessions[1]!.closed, true);
    sessions[2]!.succeed();
    assert.equal(await p, 'resolved');
  });

  test('the fresh connect uses the token kept last for the call (refreshToken while reconnecting)', async () => {
    const { m, sessions, clock } = await reconnecting();
    m.refreshToken({ ...A, token: 'fresh' });
    clock.advance(DEADLINE);
    await until(() => sessions.length === 2);
    assert.equal(sessions[1]!.config.token, 'fresh');
  });

  test('reports of the abandoned session are ignored (late reconnected, ended)', async () => {
    const { m, sessions, log, clock } = await reconnecting();
    clock.advance(DEADLINE);
    await until(() => sessions.length === 2);
    sessions[0]!.reports.reconnected();
    sessions[0]!.reports.ended('unknown');
    sessions[0]!.reports.progress?.();
    assert.equal(m.state, 'reconnecting');
    sessions[1]!.succeed();
    await until(() => m.state === 'connected');
    assert.deepEqual(log, ['connected', 'connected']);
  });

  test('the session ends by itself while reconnecting (livekit-client gave up): disconnected with its reason, timer cleared', async () => {
    const { m, sessions, log, clock } = await reconnecting();
    sessions[0]!.reports.ended('unknown');
    await until(() => FakeSession.open === 0);
    assert.equal(m.state, 'disconnected');
    assert.equal(clock.timers.size, 0);
    assert.deepEqual(log, ['connected', 'disconnected:unknown']);
  });

  test('the fresh session reconnects later: it has a deadline of its own', async () => {
    const { m, sessions, clock } = await reconnecting();
    clock.advance(DEADLINE);
    await until(() => sessions.length === 2);
    sessions[1]!.succeed();
    await until(() => m.state === 'connected');
    sessions[1]!.reports.reconnecting();
    clock.advance(DEADLINE);
    await until(() => sessions.length === 3);
    assert.equal(m.state, 'reconnecting');
  });

  test('fuzz: requests, reconnects, progress and time in any order: at most one session, the state of the last request', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261124);
    const random = rng(seed);
    let recoveries = 0;
    for (let run = 0; run < 300; run++) {
      const { m, sessions, log, clock } = machine();
      const promises: Promise<unknown>[] = [];
      let last: 'up' | 'down' | 'none' = 'none';
      for (let step = 0; step < 16; step++) {
        const r = random();
        const s = sessions.at(-1);
        if (r < 0.15) {
          promises.push(m.connect(A).catch(() => undefined));
          last = 'up';
        } else if (r < 0.2) {
          promises.push(m.disconnect());
          last = 'down';
        } else if (r < 0.25) {
          promises.push(m.reconnect().catch(() => undefined));
          if (m.lastConfig) last = 'up';
        } else if (r < 0.45) {
          if (s && !s.closed) s.succeed();
        } else if (r < 0.6) {
          s?.reports.reconnecting();
        } else if (r < 0.65) {
          s?.reports.reconnected();
        } else if (r < 0.7) {
          s?.reports.progress?.();
        } else if (r < 0.75) {
          if (s && !s.closed) s.failWith(new SpatiusAvatarError('connection-failed', 'boom'));
        } else {
          clock.advance(random() * DEADLINE * 1.5);
        }
        if (random() < 0.5) await settle();
      }
      // let everything settle: time passes (a stuck reconnect is recovered), what waits connects
      for (let i = 0; i < 50; i++) {
        const s = sessions.at(-1);
        if (s && !s.closed) s.succeed();
        if (i % 10 === 0) clock.advance(DEADLINE);
        await settle();
      }
      await Promise.all(promises);
      const context = `seed ${seed} run ${run}: ${log.join(' ')}`;
      assert.ok(FakeSession.most <= 1, `${context}: two sessions alive at once`);
      if (last !== 'up') assert.equal(FakeSession.open, 0, context);
      if (last !== 'up') assert.equal(m.state, 'disconnected', context);
      // a call wanted last is connected, failed (a real failure), or lost (a fresh connect after the deadline failed)
      else assert.ok(['connected', 'failed', 'disconnected'].includes(m.state), `${context}: ${m.state}`);
      if (m.state === 'connected') assert.equal(FakeSession.open, 1, context);
      if (m.state !== 'reconnecting') assert.equal(clock.timers.size, 0, `${context}: a timer left in ${m.state}`);
      recoveries += FakeSession.fresh;
    }
    assert.ok(recoveries > 20, `the fuzz exercised the deadline (${recoveries} fresh connects)`);
    console.log(`fresh connects after the deadline in the fuzz: ${recoveries}`);
  });
});
