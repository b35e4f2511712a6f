// Bad input through the real motion track (issue 13): for 30 s a real publisher (test-publisher.ts with
// workers/bad-input-sender.worker.ts, VP8 at 50 fps) sends, between the valid frames of one conversation,
// bad trailers of every kind: lying lengths, wrong body lengths, DEFLATE bombs (1 MiB and 16 MiB inflated,
// the limit is 262144 bytes), broken zlib, unknown versions, lying section lengths, random and mutated
// packets, frames without the trailer magic or with another magic version, and valid frames with the
// reserved flag bits set. The element (renderer="none", module build) must keep rendering every valid
// frame in order, count exactly the malformed frames it can see (its trailer magic is there), report them
// at most once a second, keep the avatar's voice flowing without concealment, and keep its memory flat.
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';
import { createAvatar } from './element-fixture.js';
import type { Recorded } from './element-fixture.js';
import type { SentReport } from './workers/bad-input-sender.worker.js';

const BAD_PHASE_MS = 30000;
// Bounds on growth after a forced GC over the phase, JS heap plus ArrayBuffer contents (Chromium). The
// worker, where the bombs are inflated (each stopped at 262,144 bytes): 512 KB, so a decoder that kept the
// output of two bombs fails (measured: +82 and +91 KB; a decoder made to keep each bomb's partial output:
// +18.7 MB, failed). The page: 3 MB, as the test's own log of every event (about 800 fresh frames with their
// weights, and the error events) stays in it (measured: about +810 KB).
const WORKER_HEAP_GROWTH = 512 * 1024;
const PAGE_HEAP_GROWTH = 3 * 1024 * 1024;

interface AudioReading {
  samples: number;
  concealed: number;
  concealmentEvents: number;
  packetsLost: number;
}

/** The avatar's voice as its receiver in the element's peer connection counts it (inbound-rtp). */
async function audioReading(el: SpatiusAvatarElement, identity: string): Promise<AudioReading | undefined> {
  const participant = el.getNativeClient()?.remoteParticipants.get(identity);
  const track = [...(participant?.audioTrackPublications.values() ?? [])][0]?.track;
  const stats = await track?.receiver?.getStats();
  let reading: AudioReading | undefined;
  stats?.forEach((s) => {
    if (s.type === 'inbound-rtp') {
      reading = { samples: s.totalSamplesReceived ?? 0, concealed: s.concealedSamples ?? 0, concealmentEvents: s.concealmentEvents ?? 0, packetsLost: s.packetsLost ?? 0 };
    }
  });
  return reading;
}

/** Bytes after a forced GC: the JS heap (`used`) and ArrayBuffer contents outside it (`backing`). */
interface HeapAfterGc { page: { used: number; backing: number }; worker: { used: number; backing: number } }

/**
 * Chromium: the page's and the element's motion worker's memory after a forced GC, through the DevTools
 * protocol (test/cdp-plugin.mjs: HeapProfiler.collectGarbage, Runtime.getHeapUsage on the worker's target).
 * The worker is where the DEFLATE bombs are inflated, into Uint8Arrays whose bytes are ArrayBuffer backing
 * store, not JS heap: `backing` counts them. undefined without CDP (Firefox over WebDriver BiDi).
 */
async function heapAfterGc(): Promise<HeapAfterGc | undefined> {
  type Reading = { used: number; backing: number | null };
  const r = await executeServerCommand<{ page: Reading; workers: (Reading & { url: string })[] } | { unavailable: true }, { gc: boolean }>('cdp-memory', { gc: true });
  if (!r || !('page' in r)) return undefined;
  const worker = r.workers.filter((w) => w.url.includes('motion.worker'));
  if (worker.length !== 1) throw new Error(`expected one motion worker, found ${worker.length}: ${r.workers.map((w) => w.url).join(', ')}`);
  const of = (m: Reading) => {
    if (m.backing === null) throw new Error('this Chromium does not report backingStorageSize');
    return { used: m.used, backing: m.backing };
  };
  return { page: of(r.page), worker: of(worker[0]!) };
}

/** The main thread's JS heap (performance.memory, Chromium only) after a GC where the page can ask for one. */
function heapUsed(): number {
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return memory?.usedJSHeapSize ?? NaN;
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('<spatius-avatar> bad input on the motion track', () => {
  const rejections: unknown[] = [];
  const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);
  before(() => addEventListener('unhandledrejection', onRejection));
  after(() => removeEventListener('unhandledrejection', onRejection));

  it('30 s of bad trailers between valid frames: every valid frame renders in order, the malformed are counted exactly and reported at most once a second, the voice flows, memory stays flat', async function () {
    this.timeout(BAD_PHASE_MS + 120000);
    const seed = Number(new URLSearchParams(location.search).get('seed')) || (Date.now() % 0x7fffffff);
    console.log(`bad-input seed ${seed}`);
    const url = await livekitUrl();
    const room = uniqueRoom('bad-input');
    const pub = await startPublisher(url, room, 'avatar-agent', { audio: true, sender: 'bad-input', fps: 50 });
    const sent: SentReport['data'][] = [];
    const mismatches: SentReport['data'][] = [];
    pub.worker.addEventListener('message', (e: MessageEvent<SentReport>) => {
      if (e.data.kind !== 'bad-input-sent') return;
      if (e.data.data.what.endsWith('(classified late)')) mismatches.push(e.data.data); // the decoder disagrees with the construction
      else sent.push(e.data.data);
    });
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', room), renderer: 'none', 'jitter-buffer': 'off', 'log-level': 'none' });
    const frames = (): number[] => events.filter((e) => e.type === 'frame' && e.detail.fresh).map((e) => e.detail.seq as number);
    try {
      await waitFor('avatar discovered', () => el.avatar === 'avatar-agent', 30000);
      await waitFor('valid frames rendering', () => frames().length >= 25, 30000);
      // Forced GCs pause the worker the voice goes through: read before the voice's baseline, then let it settle.
      const gcBefore = await heapAfterGc();
      await delay(2000);
      const before = await waitFor('the voice flowing', async () => {
        const r = await audioReading(el, 'avatar-agent');
        return r && r.samples > 48000 ? r : undefined;
      }, 30000);
      const heapBefore = heapUsed();
      const stateEvents = events.filter((e) => e.type === 'connection-state-changed').length;

      // The bad phase.
      const sentBefore = sent.length;
      const errorsBefore = events.filter((e) => e.type === 'error').length;
      const t0 = performance.now();
      pub.worker.postMessage({ kind: 'phase', bad: true, seed });
      const audio: AudioReading[] = [before];
      const heap: number[] = [heapBefore];
      while (performance.now() - t0 < BAD_PHASE_MS) {
        await delay(5000);
        audio.push((await audioReading(el, 'avatar-agent'))!);
        heap.push(heapUsed());
      }
      pub.worker.postMessage({ kind: 'phase', bad: false, seed });
      // After the phase: 25 valid frames after the last bad one, and the last of them rendered, so every
      // bad frame before it went through the receiver's (in-order) decoder.
      const lastValid = await waitFor('valid frames after the bad phase', () => {
        let lastBad = sent.length - 1;
        while (lastBad >= 0 && sent[lastBad]!.seen === 'valid') lastBad--;
        const after = sent.slice(lastBad + 1);
        return after.length >= 25 ? after.at(-1)!.seq! : undefined;
      });
      await waitFor(`frame ${lastValid} rendered`, () => frames().some((s) => s >= lastValid));
      const elapsed = (performance.now() - t0) / 1000;
      const gcAfter = await heapAfterGc();

      const phase = sent.slice(sentBefore);
      const count = (c: string) => phase.filter((s) => s.seen === c).length;
      const malformed = sent.filter((s) => s.seen === 'malformed').length;
      const kinds: Record<string, number> = {};
      for (const s of phase) kinds[s.what] = (kinds[s.what] ?? 0) + 1;
      console.log(`bad-input: ${phase.length} frames in the phase (${elapsed.toFixed(1)} s): ${count('valid')} valid, ${count('malformed')} malformed, ${count('none')} without the magic; kinds ${JSON.stringify(kinds)}`);

      // What was sent is what the construction says (the decoder agrees with the designed kinds).
      expect(phase.filter((s) => s.seen !== s.expected).concat(mismatches), 'frames the decoder classifies otherwise').to.deep.equal([]);
      for (const what of ['L-past-frame', 'L-too-small', 'L-over-limit', 'bodyLength-lie', 'deflate-bomb', 'deflate-garbage', 'unknown-version',
        'section-length-lie', 'random', 'mutated', 'other-magic', 'no-magic', 'valid-reserved-flags']) {
        expect(kinds[what] ?? 0, `${what} frames sent`).to.be.greaterThan(0);
      }

      // The voice: it kept flowing through every reading, and the receiver concealed at most 2 % of what it
      // played during the phase (the audio frames go through the same worker as the motion: a worker held
      // up by a bomb would deliver them late, and NetEq would conceal the gap). Measured: 0 to 0.6 % up to a
      // load average of 10 on the 2 cores, 1.1 to 1.8 % at 15 to 17 (other test runs beside it), so the bound
      // is 2 %: CPU starvation conceals too, and it is not what this checks.
      const last = (await audioReading(el, 'avatar-agent'))!;
      audio.push(last);
      for (let i = 1; i < audio.length; i++) expect(audio[i]!.samples, `audio samples grew in reading ${i}`).to.be.greaterThan(audio[i - 1]!.samples);
      const played = last.samples - before.samples;
      const concealed = last.concealed - before.concealed;
      console.log(`bad-input voice: ${played} samples, ${concealed} concealed (${last.concealmentEvents - before.concealmentEvents} events), ${last.packetsLost - before.packetsLost} packets lost`);
      expect(concealed / played, `concealed ${concealed} of ${played} samples`).to.be.at.most(0.02);
      const track = (el.shadowRoot!.querySelector('audio')!.srcObject as MediaStream).getAudioTracks()[0]!;
      expect(track.readyState).to.equal('live');

      // What the receiver could see. Frames can vanish between the publisher's transform and the element's
      // worker with no RTP loss reported: seen on this loaded machine (a burst of 15 frames in 30 s), and
      // far more when the element's worker was made to stall 100 ms every 2 s (38 valid frames lost):
      // Chromium drops encoded frames queued for a worker that does not read them in time.
      // The valid frames are the witnesses: a gap runs from the last rendered valid frame before a missing
      // one to the first rendered after it; the bad frames inside a gap may or may not have arrived.
      const rendered = frames();
      const renderedSet = new Set(rendered);
      const firstIndex = sent.findIndex((s) => s.seq === rendered[0]);
      const lastIndex = sent.findIndex((s) => s.seq === lastValid);
      const window = sent.slice(firstIndex, lastIndex + 1);
      const inGap = new Array<boolean>(window.length).fill(false);
      let lastSeen = 0;
      for (let i = 0; i < window.length; i++) {
        const s = window[i]!;
        if (s.seen !== 'valid') continue;
        if (renderedSet.has(s.seq!)) {
          lastSeen = i;
        } else {
          let j = i;
          while (j < window.length && !(window[j]!.seen === 'valid' && renderedSet.has(window[j]!.seq!))) j++;
          for (let k = lastSeen + 1; k < j; k++) inGap[k] = true;
        }
      }
      const missingValid = window.filter((s) => s.seen === 'valid' && !renderedSet.has(s.seq!)).map((s) => s.seq!);
      const sure = window.filter((s, i) => s.seen === 'malformed' && !inGap[i]).length;
      const maybe = window.filter((s, i) => s.seen === 'malformed' && inGap[i]).length;
      expect(sure + maybe, 'every malformed frame sent lies in the window').to.equal(malformed);
      console.log(`bad-input: ${missingValid.length} valid frames never reached the element (${JSON.stringify(missingValid)}), ${maybe} malformed frames in their gaps`);

      // The malformed count: stats, and the reports' totals, equal what the element could see.
      await waitFor(`stats.malformed >= ${sure}`, () => (el.stats?.malformed ?? 0) >= sure, 10000).catch(() => undefined);
      const reports = () => events.filter((e) => e.type === 'error' && e.detail.code === 'malformed-motion');
      await waitFor('the last malformed report', () => reportedTotal(reports()) === el.stats?.malformed, 10000).catch(() => undefined);
      // A bad frame lost alone, between two valid frames that arrived, leaves no witness: where valid frames
      // were lost, as many bad frames may have been lost unseen. With no loss the count is exact.
      const counted = el.stats?.malformed ?? -1;
      // With no valid frame lost, at most LONE_LOSS malformed frames may have vanished alone (no seq gap
      // witnesses them: docs/decisions.md); more, or any frame counted twice, fails.
      if (missingValid.length === 0) expect(counted, 'element.stats.malformed').to.be.within(malformed - LONE_LOSS, malformed);
      else expect(counted, `element.stats.malformed (${sure} outside gaps, ${maybe} in gaps, ${missingValid.length} valid lost)`).to.be.within(sure - missingValid.length, sure + maybe);
      expect(reportedTotal(reports()), 'the malformed-motion reports\' total').to.equal(counted);
      expect(reports().reduce((n, e) => n + reportedCount(e), 0), 'the sum of the reports\' counts').to.equal(counted);

      // Errors: only malformed-motion, none fatal, at most one a second; the call never wavered.
      const errors = events.filter((e) => e.type === 'error').slice(errorsBefore);
      expect(errors.every((e) => e.detail.code === 'malformed-motion' && e.detail.fatal === false), JSON.stringify(errors.map((e) => e.detail))).to.equal(true);
      expect(errors.length, `${errors.length} error events in ${elapsed.toFixed(1)} s`).to.be.at.most(Math.ceil(elapsed) + 1);
      expect(el.getConnectionState()).to.equal('connected');
      expect(events.filter((e) => e.type === 'connection-state-changed').length, 'state changes during the phase').to.equal(stateEvents);

      // Every valid frame that reached the element rendered, in order; the ones that did not are few and
      // are exactly what the element counts as lost.
      const increasing = rendered.every((s, i) => i === 0 || s > rendered[i - 1]!);
      expect(increasing, 'fresh frames in strictly increasing seq').to.equal(true);
      const validInWindow = window.filter((s) => s.seen === 'valid').length;
      expect(missingValid.length, `valid frames missing of ${validInWindow}`).to.be.at.most(validInWindow * 0.02);
      expect(el.stats?.lost, 'stats.lost').to.equal(missingValid.length);

      // Memory (the page's JS heap, performance.memory): no growth with the bad frames.
      console.log(`bad-input heap (MB): ${heap.map((h) => (h / 1e6).toFixed(1)).join(' ')}`);
      // Firefox has no heap reading for a page (performance.memory is Chromium's): measured in Chromium only.
      if ('memory' in performance) expect(heap.at(-1)! - heap[0]!, 'main-thread heap growth over the phase (bytes)').to.be.at.most(10e6);
      // After a forced GC (Chromium, DevTools protocol): the page's heap and the motion worker's, where the
      // bombs were inflated. Nothing of the phase may stay: each bomb's output is dropped at the limit.
      if (navigator.userAgent.includes('Chrome/')) {
        if (!gcBefore || !gcAfter) throw new Error('no DevTools heap reading in Chromium');
        console.log(`bad-input after GC (B): page heap ${gcBefore.page.used} -> ${gcAfter.page.used}, backing ${gcBefore.page.backing} -> ${gcAfter.page.backing}; `
          + `motion worker heap ${gcBefore.worker.used} -> ${gcAfter.worker.used}, backing ${gcBefore.worker.backing} -> ${gcAfter.worker.backing}`);
        const growth = (m: { used: number; backing: number }, b: { used: number; backing: number }) => m.used + m.backing - b.used - b.backing;
        expect(growth(gcAfter.worker, gcBefore.worker), "the motion worker's growth after GC over the phase, heap and ArrayBuffers (bytes)").to.be.at.most(WORKER_HEAP_GROWTH);
        expect(growth(gcAfter.page, gcBefore.page), "the page's growth after GC over the phase, heap and ArrayBuffers (bytes)").to.be.at.most(PAGE_HEAP_GROWTH);
      }
      expect(rejections, String(rejections)).to.deep.equal([]);
    } finally {
      el.remove();
      await pub.stop();
    }
  });
});

/**
 * Frames that vanish between the publisher's transform and the element's worker with no RTP loss (Chromium drops
 * encoded frames queued for a worker that falls behind) leave a witness only when a valid frame is among them. On
 * this loaded machine one malformed frame went missing alone in 3 of 5 runs (counted 540 of 541, no valid lost).
 */
const LONE_LOSS = 2;

/** `N malformed motion packet(s) dropped (T in all; last: reason)`: T. */
function reportedTotal(reports: Recorded[]): number {
  const m = /\((\d+) in all/.exec(String(reports.at(-1)?.detail.message ?? ''));
  return m ? Number(m[1]) : 0;
}
function reportedCount(report: Recorded): number {
  return Number(/^(\d+) malformed/.exec(String(report.detail.message))?.[1] ?? NaN);
}
