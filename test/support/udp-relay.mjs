// An impaired network in user space (no `tc netem` on these machines): a UDP relay on this machine between
// browsers and livekit-server's single RTC UDP port, applying per direction seeded loss, delay + jitter and
// reordering to the media packets. The browser is pointed at the relay by rewriting the server's ICE
// candidates in the page (test/support/relay-peer-connection.ts); the server sees each browser as the
// relay's per-browser socket (a peer-reflexive address, which ICE accepts).
//
//   const relay = await startUdpRelay({ target: server.ports.udp, down: { lossRate: 0.02, jitterMs: 30 }, seed: 1 });
//   relay.port            // what the page's candidates are rewritten to (on `relay.host`: 127.0.0.1 unless
//                         // `host` is given, e.g. the machine's LAN address for Firefox, which does not
//                         // pair its host candidates with a loopback one)
//   relay.stats()         // { up: DirectionStats, down: DirectionStats, flows }
//   relay.setProfile({ down: { … } })   // change the impairment on the fly
//   await relay.close()
//
// Directions: `up` is browser -> server, `down` is server -> browser. An impairment (every field optional):
//   lossRate     0..1, each media packet dropped with this probability
//   delayMs      a fixed one-way delay added to every media packet
//   jitterMs     a random extra delay per packet, |N(0, jitterMs)| (half-normal: mean 0.8·jitterMs)
//   reorderRate  0..1, each media packet held back `reorderMs` more (so later packets overtake it)
//   reorderMs    default 20
//   inOrder      default true: jitter alone does not reorder (a packet leaves no earlier than the one before
//                it, as on one queue: jitter then bunches packets), so reordering is only `reorderRate`'s.
//                false: each packet keeps its own delay, and jitter larger than the packet spacing reorders.
// Only media is impaired: SRTP/SRTCP (first byte 128..191, RFC 7983). STUN (ICE checks, consent) and DTLS
// pass untouched, so a lossy profile measures the media path and does not fail the connection set-up.
// Randomness: mulberry32 from `seed` (the same generator as test/support/random.ts), one stream per
// direction, so a run replays from its seed (timer precision aside).
import { createSocket } from 'node:dgram';

/** mulberry32, as test/support/random.ts (that file is TypeScript; this one runs in plain Node). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample from two uniforms (Box-Muller). */
function normal(random) {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const isMedia = (msg) => msg.length > 0 && msg[0] >= 128 && msg[0] <= 191;

/** One direction's queue: decides each packet's fate and sends it when due. */
class Direction {
  constructor(random) {
    this.random = random;
    this.profile = {};
    this.lastRelease = 0;
    /** The in-order packets waiting, by release time (non-decreasing): one timer for the head. */
    this.queue = [];
    this.timer = undefined;
    this.counts = { packets: 0, media: 0, dropped: 0, reordered: 0, delaySumMs: 0, maxDelayMs: 0 };
  }

  set(profile = {}) {
    this.profile = { lossRate: 0, delayMs: 0, jitterMs: 0, reorderRate: 0, reorderMs: 20, inOrder: true, ...profile };
  }

  /** Sends `msg` through `send` now or later, or drops it. */
  pass(msg, send) {
    const c = this.counts;
    c.packets++;
    if (!isMedia(msg)) return send(msg);
    c.media++;
    const p = this.profile;
    // Draw every number for every packet, used or not: a profile's fate for packet n does not depend on the
    // other fields (loss 2 % and loss 2 % + jitter drop the same packets for the same seed).
    const lose = this.random(), jitter = Math.abs(normal(this.random)), reorder = this.random();
    if (lose < p.lossRate) {
      c.dropped++;
      return;
    }
    const now = performance.now();
    let at = now + p.delayMs + p.jitterMs * jitter;
    const held = reorder < p.reorderRate;
    if (p.inOrder) at = Math.max(at, this.lastRelease);
    if (held) {
      c.reordered++;
      at += p.reorderMs; // not the queue's last release: the packets after it go first
    } else if (p.inOrder) this.lastRelease = at;
    const delay = at - now;
    c.delaySumMs += delay;
    c.maxDelayMs = Math.max(c.maxDelayMs, delay);
    // Timers round to the millisecond, so two packets due within one could swap: the in-order ones leave
    // from one queue. Held-back packets and `inOrder: false` ones keep a timer each.
    if (held || !p.inOrder) {
      if (delay < 0.5) return send(msg);
      return void setTimeout(() => send(msg), delay);
    }
    this.queue.push({ at, msg, send });
    if (this.queue.length === 1) this.flush();
  }

  flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = performance.now();
    while (this.queue.length && this.queue[0].at <= now + 0.5) {
      const { msg, send } = this.queue.shift();
      send(msg);
    }
    if (this.queue.length) this.timer = setTimeout(() => this.flush(), Math.max(0, this.queue[0].at - now));
  }

  close() {
    clearTimeout(this.timer);
    this.queue = [];
  }

  stats() {
    const c = this.counts;
    const delayed = c.media - c.dropped;
    return { packets: c.packets, media: c.media, dropped: c.dropped, reordered: c.reordered, meanDelayMs: delayed ? c.delaySumMs / delayed : 0, maxDelayMs: c.maxDelayMs };
  }
}

/**
 * Starts the relay in front of 127.0.0.1:`target` (livekit-server's rtc.udp_port).
 * Options: `target` (required), `up`, `down` (impairments, see above), `seed` (default 1), `host` (the
 * address the browsers send to, default 127.0.0.1; the server is reached on 127.0.0.1 either way).
 * Resolves to `{ host, port, target, stats(), setProfile({ up?, down? }), close() }`.
 */
export async function startUdpRelay({ target, up, down, seed = 1, host = '127.0.0.1' }) {
  if (!Number.isInteger(target) || target <= 0) throw new Error(`startUdpRelay: target must be a UDP port, not ${target}`);
  const dirs = { up: new Direction(rng(seed)), down: new Direction(rng(seed ^ 0x9e3779b9)) };
  dirs.up.set(up);
  dirs.down.set(down);
  const front = createSocket('udp4');
  /** One upstream socket per browser address ("ip:port"): the server answers it, the relay answers the browser. */
  const flows = new Map();
  let closed = false;
  front.on('message', (msg, from) => {
    const key = `${from.address}:${from.port}`;
    let flow = flows.get(key);
    if (!flow) {
      const socket = createSocket('udp4');
      flow = { socket, ready: new Promise((r) => socket.bind(0, '127.0.0.1', r)) };
      socket.on('message', (reply) => dirs.down.pass(reply, (m) => !closed && front.send(m, from.port, from.address)));
      socket.on('error', () => undefined);
      flows.set(key, flow);
    }
    const { socket, ready } = flow;
    dirs.up.pass(msg, (m) => void ready.then(() => !closed && socket.send(m, target, '127.0.0.1')));
  });
  front.on('error', () => undefined);
  await new Promise((resolve, reject) => {
    front.once('error', reject);
    front.bind(0, host, resolve);
  });
  return {
    host,
    port: front.address().port,
    target,
    stats: () => ({ up: dirs.up.stats(), down: dirs.down.stats(), flows: flows.size }),
    setProfile({ up: u, down: d } = {}) {
      if (u) dirs.up.set(u);
      if (d) dirs.down.set(d);
    },
    async close() {
      closed = true;
      dirs.up.close();
      dirs.down.close();
      for (const { socket } of flows.values()) socket.close();
      flows.clear();
      await new Promise((r) => front.close(r));
    },
  };
}
