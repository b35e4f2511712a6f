// The UDP relay of the impaired-network tests (test/support/udp-relay.mjs) on loopback: its PRNG is the
// tests' one, it drops about the share it is told and only media, keeps the order under jitter unless
// told to reorder, and delays by about what it is told.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { rng as relayRng, startUdpRelay } from '../../support/udp-relay.mjs';
import type { Impairment, UdpRelay } from '../../support/udp-relay.mjs';
import { rng } from '../../support/random.js';

const bind = async (): Promise<Socket> => {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  return s;
};

/** A "server" that echoes, a relay in front of it, a "browser": sends `n` packets 1 ms apart, returns what came back (ids in arrival order, and each one's round trip). */
async function roundTrips(n: number, down: Impairment, first = 0x80): Promise<{ ids: number[]; rtt: number[]; relay: ReturnType<UdpRelay['stats']> }> {
  const server = await bind();
  server.on('message', (m, from) => server.send(m, from.port, from.address));
  const relay = await startUdpRelay({ target: server.address().port, down, seed: 42 });
  const browser = await bind();
  const sentAt: number[] = [];
  const ids: number[] = [], rtt: number[] = [];
  browser.on('message', (m) => {
    const id = m.readUInt32BE(1);
    ids.push(id);
    rtt.push(performance.now() - sentAt[id]!);
  });
  for (let i = 0; i < n; i++) {
    const m = Buffer.alloc(20);
    m[0] = first;
    m.writeUInt32BE(i, 1);
    sentAt[i] = performance.now();
    browser.send(m, relay.port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 1));
  }
  await new Promise((r) => setTimeout(r, 600));
  const stats = relay.stats();
  await relay.close();
  browser.close();
  server.close();
  return { ids, rtt, relay: stats };
}

const outOfOrder = (ids: number[]) => ids.filter((id, i) => i > 0 && id < ids[i - 1]!).length;

describe('udp relay', () => {
  after(() => undefined);

  test('its PRNG is the tests\' mulberry32', () => {
    const a = relayRng(7), b = rng(7);
    for (let i = 0; i < 100; i++) assert.equal(a(), b());
  });

  test('drops about the share it is told, of media only; what passes is in order', async () => {
    const lossy = await roundTrips(600, { lossRate: 0.05 });
    assert.equal(lossy.relay.down.media, lossy.relay.down.packets);
    assert.ok(lossy.relay.down.dropped >= 15 && lossy.relay.down.dropped <= 50, `dropped ${lossy.relay.down.dropped} of 600`);
    assert.equal(lossy.ids.length, 600 - lossy.relay.down.dropped);
    assert.equal(outOfOrder(lossy.ids), 0);
    const stun = await roundTrips(200, { lossRate: 0.5 }, 0x00); // STUN's first byte: never impaired
    assert.equal(stun.ids.length, 200);
    assert.equal(stun.relay.down.media, 0);
  });

  test('jitter delays by about |N(0, σ)| and keeps the order; reordering holds packets back', async () => {
    const jittery = await roundTrips(300, { jitterMs: 30 });
    assert.equal(jittery.ids.length, 300);
    assert.equal(outOfOrder(jittery.ids), 0, 'in order under jitter');
    const mean = jittery.rtt.reduce((s, x) => s + x, 0) / jittery.rtt.length;
    assert.ok(mean > 20 && mean < 60, `mean round trip ${mean.toFixed(1)} ms (half-normal σ 30: 24 ms, plus the queue)`);
    const reordered = await roundTrips(300, { reorderRate: 0.05 });
    assert.ok(reordered.relay.down.reordered > 5, `held back ${reordered.relay.down.reordered}`);
    assert.ok(outOfOrder(reordered.ids) > 5, `arrived out of order: ${outOfOrder(reordered.ids)}`);
    const clean = await roundTrips(300, {});
    assert.equal(outOfOrder(clean.ids), 0);
  });
});
