// Long runs and leaks (issue 13): LEAK_CYCLES (100 by default; npm test runs fewer, docs/decisions.md)
// connect/disconnect cycles of one element, and as many create/remove cycles of attribute-driven elements,
// against the run's real server with an avatar publishing motion and voice. Afterwards the page must hold
// what it held before: peer connections, workers, AudioContexts, <audio> elements, live media tracks,
// timers and listeners (test/e2e/resource-counters.ts), and in Chromium, after a forced GC through the DevTools
// protocol (test/cdp-plugin.mjs): the page's JS objects (heap snapshots, compiled code left out) may grow by less
// than 256 KB, and by less than 1 KB a cycle (plus 16 KB) between the middle and the end of the run (what a call
// leaves behind grows both halves alike); the page's whole JS heap by less than 1 MB (V8's compiled code grows with the number
// of calls), the element's worker's by less than 512 KB after connect/disconnect cycles, and the worker keeps no
// encoded-frame pipe of a closed call (counted in heap snapshots). Prints a `[leaks]` line per test with the
// figures (docs/reliability.md).
import { countResources, liveListeners, overBaseline, pendingTimeouts, readHeapSummary, readJsObjectBytes, readMemory } from './resource-counters.js';
import type { HeapSummary, MemoryReading, ResourceCounts } from './resource-counters.js';
import '../../dist/index.js';
import { expect, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';

const MB = 1024 * 1024;
const KB = 1024;
/**
 * The page's JS heap after a forced GC may grow by less than this over the measured cycles (issue 13's bound).
 * Most of what it grows by is code V8 compiles as the calls' functions get hot, which goes on for tens of calls
 * (after 2 warm-up calls: +0.7 to +0.8 MB at 20 cycles, +0.95 to +1.04 MB at 100, +1.25 MB at 300; with V8's
 * compilers off +0.14 MB at 20 and +0.18 MB at 200): docs/reliability.md. So the baseline is read after
 * warmUpCycles(cycles) calls, not after the first two.
 */
const PAGE_HEAP_GROWTH = 1 * MB;
/** Calls made before the baseline: a fifth of the measured cycles, at least 2 (20 before `npm run soak`'s 100). */
const warmUpCycles = (cycles: number) => Math.max(2, Math.ceil(cycles / 5));
/**
 * The page's JS objects (a heap snapshot, compiled code and object shapes left out: readJsObjectBytes) may grow
 * by less than this over the run. Measured +15 to +45 KB over 20 to 200 cycles (docs/reliability.md).
 */
const OBJECTS_GROWTH = 256 * KB;
/**
 * Over the run's second half they may grow by less than OBJECTS_PER_CYCLE a cycle plus OBJECTS_NOISE. Measured
 * 0.2 KB a cycle past 60 cycles: the test page's publisher (its list of frames sent, its Room's table of every
 * participant that joined). The noise: the test runner keeps each server command's promise, listener and 20 s
 * timer until the timer fires (about 0.4 KB; every reading and every poll is one): 41 such at the middle of a
 * 20-cycle run, 70 at its end. One closed call kept alive weighs tens of KB; a deliberate 7.5 KB a call failed at 20 cycles.
 */
const OBJECTS_PER_CYCLE = 1 * KB;
const OBJECTS_NOISE = 16 * KB;
const MOTION_WORKER = /motion\.worker/;

const chromium = /Chrome\//.test(navigator.userAgent);
const memory = readMemory;

/** The resources and (Chromium) heaps now, after a forced GC. */
async function reading(): Promise<{ counts: ResourceCounts; memory: MemoryReading | null }> {
  const mem = await memory(); // the GC first: the weakly held counts read what survived it
  return { counts: countResources(), memory: mem };
}

/** Waits until every count is back to `baseline` (closing is asynchronous), then reads again. */
async function backToBaseline(baseline: ResourceCounts, what: string) {
  const over = (now: ResourceCounts) => overBaseline(now, baseline);
  let last: ResourceCounts | undefined;
  try {
    // Every 250 ms: each poll is a server command, and the runner keeps each one's bookkeeping for 20 s (below).
    await waitFor(`${what}: resources back to the baseline`, async () => {
      await memory();
      last = countResources();
      return Object.keys(over(last!)).length === 0;
    }, 15000, 250);
  } catch {
    // fall through: the assertion below names what is left
  }
  const after = await reading();
  if (after.counts.listeners > baseline.listeners) console.log('[leaks] listeners', JSON.stringify(liveListeners().filter((l) => l.includes(' | '))));
  if (after.counts.timeouts > baseline.timeouts) console.log('[leaks] pending timeouts', JSON.stringify(pendingTimeouts().filter((t) => t.stack).map((t) => [t.ms, t.stack.split('\n').slice(2, 6).join(' | ')])));
  if (chromium) expect(after.memory, 'a DevTools memory reading (Chromium)').to.not.equal(null);
  expect(over(after.counts), `${what}: resources over the baseline`).to.deep.equal({});
  return after;
}

/**
 * Runs the cycles in two halves with a reading between them: what each call leaves behind grows the second half
 * as much as the first, while what grows as the page warms up (compiled code, tables sized once) is mostly done
 * by then. `what` names the cycles in messages ("connect/disconnect").
 */
async function cyclesInHalves(what: string, cycles: number, cycle: () => Promise<void>, baseline: ResourceCounts) {
  const half = Math.ceil(cycles / 2);
  let seconds = 0;
  const run = async (n: number) => {
    const started = performance.now();
    for (let i = 0; i < n; i++) await cycle();
    seconds += (performance.now() - started) / 1000;
  };
  await run(half);
  const middle = await backToBaseline(baseline, `${half} ${what} cycles`);
  const objectsMiddle = chromium ? await readJsObjectBytes() : null;
  await run(cycles - half);
  const after = await backToBaseline(baseline, `${cycles} ${what} cycles`);
  const objectsAfter = chromium ? await readJsObjectBytes() : null;
  const secondHalf = objectsMiddle !== null && objectsAfter !== null ? objectsAfter - objectsMiddle : undefined;
  const objectsPerCycle = secondHalf !== undefined ? secondHalf / (cycles - half) : undefined;
  return { half, seconds, middle, after, objectsMiddle, objectsAfter, secondHalf, objectsPerCycle };
}

/** The page's JS objects (heap snapshots, Chromium): bounded over the run, near flat over its second half. */
function expectObjectsBounded(objectsBefore: number | null, r: Awaited<ReturnType<typeof cyclesInHalves>>, cycles: number) {
  expect(r.secondHalf, 'page JS objects read from heap snapshots (Chromium)').to.be.a('number');
  expect(r.objectsAfter! - objectsBefore!, 'page JS objects\' growth over the run (bytes)').to.be.below(OBJECTS_GROWTH);
  expect(r.secondHalf!, `page JS objects' growth over the second half (${cycles - r.half} cycles, bytes)`).to.be.below(OBJECTS_NOISE + OBJECTS_PER_CYCLE * (cycles - r.half));
}

const motionWorkerHeap = (m: MemoryReading | null) => m?.workers.filter((w) => MOTION_WORKER.test(w.url)).reduce((t, w) => t + w.used, 0);

/**
 * What a pending encoded-frame pipe keeps in the worker, by heap snapshot node: Chromium never ends a closed
 * call's encoded streams, and each pipe left running kept these (two pipes per receiver: pipeThrough, pipeTo).
 */
const PIPE_NODES = ['native blink::PipeToEngine', 'native TransformStream'];
const pipeNodes = (summary: HeapSummary) => Object.fromEntries(PIPE_NODES.map((key) => [key, summary[key]?.[0] ?? 0]));
const readPipeNodes = async () => {
  const summary = await readHeapSummary('motion.worker', PIPE_NODES);
  return summary && pipeNodes(summary);
};

describe('<spatius-avatar> long runs and leaks (real server)', () => {
  let cycles = 100;
  let url = '';
  let room = '';
  let publisher: Awaited<ReturnType<typeof startPublisher>> | undefined;
  let withoutElements: ResourceCounts;
  const rejections: unknown[] = [];
  const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);

  before(async () => {
    addEventListener('unhandledrejection', onRejection);
    cycles = (await executeServerCommand<{ cycles: number }, undefined>('leak-config'))!.cycles;
    url = await livekitUrl();
    room = uniqueRoom('leaks');
    publisher = await startPublisher(url, room, 'avatar-agent', { audio: true });
    withoutElements = countResources(); // the publisher's
  });
  after(async () => {
    removeEventListener('unhandledrejection', onRejection);
    await publisher?.stop();
  });
  afterEach(() => expect(rejections.map(String)).to.deep.equal([]));

  it('connect/disconnect cycles (LEAK_CYCLES, default 100): resources back to the baseline, page JS objects flat over the second half, heap growth bounded (worker: 512 KB), no pipe of a closed call left', async function () {
    this.timeout(0);
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    const token = await mintToken('viewer-cycles', room);
    for (const [k, v] of Object.entries({ url, token, room, manual: '', 'log-level': 'none' })) el.setAttribute(k, v);
    let fatal = 0;
    el.addEventListener('error', (e) => { if (e.detail.fatal) fatal++; });
    document.body.append(el);
    const cycle = async () => {
      const firstFrame = oneEvent(el, 'first-frame');
      await el.connect();
      await firstFrame; // the worker got motion: the receive path is fully up
      await el.disconnect();
    };
    try {
      // Warm up (code loaded and compiled, lazily made singletons exist), then the baseline.
      for (let i = 0; i < warmUpCycles(cycles); i++) await cycle();
      await waitFor('the warm-up call closed', () => countResources().peerConnections <= withoutElements.peerConnections);
      const before = await reading();
      const objectsBefore = chromium ? await readJsObjectBytes() : null;
      // The worker heap snapshot (Chromium) hung past 135 s in full CI runs (not alone, not diagnosed): it runs in
      // `npm run soak` (100 cycles) only; test/browser/worker-streams.test.ts checks the release in npm test.
      const snapshots = chromium && cycles >= 100;
      const pipesBefore = snapshots ? await readPipeNodes() : null;
      (window as { DEBUG_RESOURCES?: boolean }).DEBUG_RESOURCES = true;
      const r = await cyclesInHalves('connect/disconnect', cycles, cycle, before.counts);
      const { half, seconds, middle, after, objectsMiddle, objectsAfter, objectsPerCycle } = r;
      const pipesAfter = snapshots ? await readPipeNodes() : null;
      const pageGrowth = before.memory && after.memory ? after.memory.page.used - before.memory.page.used : undefined;
      const workerBefore = motionWorkerHeap(before.memory);
      const workerAfter = motionWorkerHeap(after.memory);
      console.log(`[leaks] connect/disconnect: ${cycles} cycles in ${seconds.toFixed(1)} s; counts ${JSON.stringify(after.counts)}; ` +
        `page heap ${before.memory?.page.used} -> ${middle.memory?.page.used} (${half} cycles) -> ${after.memory?.page.used} (${pageGrowth} B); ` +
        `page JS objects (snapshot, no code) ${objectsBefore} -> ${objectsMiddle} -> ${objectsAfter} (${objectsPerCycle?.toFixed(0)} B a cycle in the second half); ` +
        `motion worker heap ${workerBefore} -> ${workerAfter}; ` +
        `DOM counters ${JSON.stringify(before.memory?.dom)} -> ${JSON.stringify(after.memory?.dom)}; ` +
        `worker pipe nodes ${JSON.stringify(pipesBefore)} -> ${JSON.stringify(pipesAfter)}`);
      expect(fatal, 'fatal errors').to.equal(0);
      if (snapshots) {
        expect(pipesBefore && pipesAfter, 'heap snapshots of the element\'s worker (Chromium)').to.not.equal(null);
        // A closed call's pipes end (release-streams): none is left over after the cycles (docs/reliability.md).
        expect(pipesAfter, 'the worker\'s encoded-frame pipes after the calls closed').to.deep.equal(pipesBefore);
      }
      if (after.memory && before.memory) {
        expect(pageGrowth!, 'page heap growth after a forced GC (bytes)').to.be.below(PAGE_HEAP_GROWTH);
        expectObjectsBounded(objectsBefore, r, cycles);
        expect(workerBefore, 'the element\'s worker is readable').to.be.a('number');
        // Measured +211 KB at 20 cycles and +213 to +227 KB at 100 (+307 to +347 KB at 20 and +944 KB at 100 while a
        // closed call's pipes stayed): docs/reliability.md.
        expect(workerAfter! - workerBefore!, 'motion worker heap growth after a forced GC (bytes)').to.be.below(MB / 2);
        expect(after.memory.dom.documents, 'documents').to.be.at.most(before.memory.dom.documents);
        // Blink's own count sees what the instrumented one leaves out (`on…` handlers, once/signal listeners):
        // livekit-client's `devicechange` listener kept every Room (src/room/livekit-internals.ts releasableRoom).
        expect(after.memory.dom.jsEventListeners, 'JS event listeners (DevTools count)').to.be.at.most(before.memory.dom.jsEventListeners);
      }
    } finally {
      el.remove();
    }
  });

  it('create/remove cycles (LEAK_CYCLES, default 100): resources back to the baseline, page JS objects flat over the second half, heap growth bounded', async function () {
    this.timeout(0);
    const token = await mintToken('viewer-elements', room);
    let fatal = 0;
    const onError = (e: Event) => { if ((e as CustomEvent<{ fatal: boolean }>).detail.fatal) fatal++; };
    const cycle = async () => {
      const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
      for (const [k, v] of Object.entries({ url, token, room, 'log-level': 'none' })) el.setAttribute(k, v);
      el.addEventListener('error', onError);
      const firstFrame = oneEvent(el, 'first-frame');
      document.body.append(el); // attribute-driven: it connects by itself
      await firstFrame;
      el.remove(); // the teardown follows after the grace period, while the next element connects
    };
    // Warm up, let the warm-up elements' teardowns finish, then the baseline.
    for (let i = 0; i < warmUpCycles(cycles); i++) await cycle();
    await waitFor('the warm-up elements torn down', () => {
      const now = countResources();
      return now.peerConnections <= withoutElements.peerConnections && now.workers <= withoutElements.workers;
    });
    const before = await reading();
    const objectsBefore = chromium ? await readJsObjectBytes() : null;
    (window as { DEBUG_RESOURCES?: boolean }).DEBUG_RESOURCES = true;
    // <audio> elements and listeners alive after a GC: every removed element that had a call stayed reachable
    // until livekit-client's Room was let go (src/room/livekit-internals.ts releasableRoom, detachWithoutPool).
    const r = await cyclesInHalves('create/remove', cycles, cycle, before.counts);
    const { half, seconds, middle, after, objectsMiddle, objectsAfter, objectsPerCycle } = r;
    const pageGrowth = before.memory && after.memory ? after.memory.page.used - before.memory.page.used : undefined;
    console.log(`[leaks] create/remove: ${cycles} cycles in ${seconds.toFixed(1)} s; counts ${JSON.stringify(after.counts)}; ` +
      `page heap ${before.memory?.page.used} -> ${middle.memory?.page.used} (${half} cycles) -> ${after.memory?.page.used} (${pageGrowth} B); ` +
      `page JS objects (snapshot, no code) ${objectsBefore} -> ${objectsMiddle} -> ${objectsAfter} (${objectsPerCycle?.toFixed(0)} B a cycle in the second half); motion workers left ${after.memory?.workers.filter((w) => MOTION_WORKER.test(w.url)).length}; ` +
      `DOM counters ${JSON.stringify(before.memory?.dom)} -> ${JSON.stringify(after.memory?.dom)}`);
    expect(fatal, 'fatal errors').to.equal(0);
    if (after.memory && before.memory) {
      expect(pageGrowth!, 'page heap growth after a forced GC (bytes)').to.be.below(PAGE_HEAP_GROWTH);
      expectObjectsBounded(objectsBefore, r, cycles);
      expect(after.memory.workers.filter((w) => MOTION_WORKER.test(w.url)).length, 'motion workers left (DevTools targets)').to.equal(0);
      expect(after.memory.dom.jsEventListeners, 'JS event listeners (DevTools count)').to.be.at.most(before.memory.dom.jsEventListeners);
    }
  });
});
