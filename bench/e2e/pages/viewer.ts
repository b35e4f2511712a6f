// The viewer page of the end-to-end bench. The element itself comes from the built standalone file
// (dist/spatius-avatar.standalone.js, loaded by the page before this script); this script only drives it
// through its public API: snapshot(), connect(), disconnect(), events, getNativeClient().
import type { SpatiusAvatarElement } from '../../../src/index.js';
import { rtpSums } from './rtp.js';

const SIZE = 320;
const w = window as unknown as Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function make(): SpatiusAvatarElement {
  const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
  el.setAttribute('manual', '');
  el.style.display = 'inline-block';
  el.style.width = el.style.height = `${SIZE}px`;
  return el;
}

/** Whether a snapshot shows more than the background: > 2% of a sparse grid differs from the corner pixel. */
async function showsFace(blob: Blob | null): Promise<boolean> {
  if (!blob) return false;
  const bitmap = await createImageBitmap(blob);
  const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  bitmap.close();
  const bg = [data[0]!, data[1]!, data[2]!, data[3]!];
  let differ = 0, total = 0;
  for (let y = 0; y < height; y += 4) {
    for (let x = 0; x < width; x += 4) {
      const i = (y * width + x) * 4;
      total++;
      if (Math.abs(data[i]! - bg[0]!) + Math.abs(data[i + 1]! - bg[1]!) + Math.abs(data[i + 2]! - bg[2]!) + Math.abs(data[i + 3]! - bg[3]!) > 40) differ++;
    }
  }
  return differ / total > 0.02;
}

/**
 * Polls snapshot() back to back until it shows the face. Returns, from `t0`: when the request that first
 * showed the face was sent (the face was there by then or drawn while it waited: a lower bound) and when its
 * answer came (an upper bound).
 */
async function untilFace(el: SpatiusAvatarElement, t0: number, timeoutMs = 10000): Promise<{ sent: number; answered: number; polls: number }> {
  for (let polls = 1; ; polls++) {
    const sent = performance.now();
    if (sent - t0 > timeoutMs) throw new Error('no face within 10 s');
    let blob: Blob | null = null;
    try {
      blob = await el.snapshot();
    } catch {
      await sleep(0); // not rendered yet (the stage comes with lit's first render)
      continue;
    }
    const answered = performance.now();
    if (await showsFace(blob)) return { sent: sent - t0, answered: answered - t0, polls };
  }
}

/** Part 1: fresh elements (manual: no connection), each from append() to the neutral face in a snapshot. */
w.neutral = async (n: number) => {
  const out: { sent: number; answered: number; polls: number }[] = [];
  for (let i = 0; i < n; i++) {
    const el = make();
    const t0 = performance.now();
    document.body.append(el);
    out.push(await untilFace(el, t0));
    el.remove();
    await sleep(150); // the removed element's deferred teardown
  }
  return out;
};

/** Part 2: connect() → `connected` and → `first-frame`, one fresh element per token, its face shown first. */
w.connects = async (url: string, tokens: string[]) => {
  const out: { connected: number; firstFrame: number }[] = [];
  for (const token of tokens) {
    const el = make();
    document.body.append(el);
    await untilFace(el, performance.now());
    let connected = NaN, firstFrame = NaN;
    const first = new Promise<void>((resolve) => el.addEventListener('first-frame', () => { firstFrame = performance.now(); resolve(); }, { once: true }));
    el.addEventListener('connected', () => { connected = performance.now(); }, { once: true });
    const t0 = performance.now();
    await el.connect({ url, token });
    await Promise.race([first, sleep(10000)]);
    out.push({ connected: connected - t0, firstFrame: firstFrame - t0 });
    await el.disconnect();
    el.remove();
    await sleep(200);
  }
  return out;
};

const playing: SpatiusAvatarElement[] = [];

/** Parts 3-5: one element per token, connected and playing; resolves once every one has shown a frame. */
w.play = async (url: string, tokens: string[]) => {
  await Promise.all(tokens.map(async (token) => {
    const el = make();
    document.body.append(el);
    const first = new Promise<void>((resolve) => el.addEventListener('first-frame', () => resolve(), { once: true }));
    playing.push(el);
    await el.connect({ url, token });
    await Promise.race([first, sleep(15000).then(() => { throw new Error('no first-frame in 15 s'); })]);
  }));
};

/** Per playing element: the subscribed video's and audio's inbound-rtp counters (receiver.getStats()). */
w.rtp = async () => Promise.all(playing.map((el) => rtpSums(el.getNativeClient())));

/** Rendered slots per element (the worker's session stats), to show the faces were playing. */
w.rendered = () => playing.map((el) => el.stats?.rendered ?? 0);

w.ready = true;
