// Pixel tests of the default face (renderer alone, idle life off, so every draw is deterministic),
// and of the stage that keeps the worker's canvas at the element's size and pixel ratio.
import { expect } from '@open-wc/testing';
import { BLENDSHAPE_INDEX } from '../../src/codec/index.js';
import type { BlendshapeName } from '../../src/codec/index.js';
import { FaceRenderer } from '../../src/render/face-renderer.js';
import { IdleMotion } from '../../src/render/idle-motion.js';
import { IDLE_PAINT_MS } from '../../src/render/paint-pacer.js';
import { LOOKS, resolveTheme } from '../../src/render/looks.js';
import { createPose } from '../../src/playback/pose.js';
import { FaceStage } from '../../src/element/face-stage.js';
import type { ToWorkerPortMessage } from '../../src/worker/messages.js';

const SIZE = 256;
const U = SIZE * 0.3, OX = SIZE / 2, OY = SIZE * 0.45; // the renderer's face unit and origin at this size

interface Box { x0: number; y0: number; x1: number; y1: number }
const box = (x0: number, y0: number, x1: number, y1: number): Box => ({ x0: OX + x0 * U, y0: OY + y0 * U, x1: OX + x1 * U, y1: OY + y1 * U });
const MOUTH = box(-0.5, 0.3, 0.5, 1.2); // mouth and chin
const UPPER = box(-0.9, -1.1, 0.9, 0.12); // forehead, brows, eyes
const LEFT_EYE = box(0.12, -0.25, 0.5, 0.06); // the avatar's left eye: the viewer's right
const RIGHT_EYE = box(-0.5, -0.25, -0.12, 0.06);

function render(weights: Partial<Record<BlendshapeName, number>> = {}, rotation: [number, number, number] = [0, 0, 0], look = 'aurora'): ImageData {
  const canvas = new OffscreenCanvas(SIZE, SIZE);
  const r = new FaceRenderer(canvas, { idle: false, theme: resolveTheme(look) });
  r.resize(SIZE, SIZE, 1);
  const pose = createPose();
  for (const name of Object.keys(weights) as BlendshapeName[]) pose.weights[BLENDSHAPE_INDEX[name]] = weights[name]!;
  pose.rotation.set(rotation);
  pose.state = 'speaking';
  r.pose(pose);
  expect(r.draw(1000), 'a new pose paints').to.equal(true);
  return canvas.getContext('2d')!.getImageData(0, 0, SIZE, SIZE);
}

/** Pixels inside `b` whose colour differs by more than a few levels. */
function changed(a: ImageData, b: ImageData, r: Box): number {
  let n = 0;
  for (let y = Math.floor(r.y0); y < Math.ceil(r.y1); y++) {
    for (let x = Math.floor(r.x0); x < Math.ceil(r.x1); x++) {
      const i = (y * SIZE + x) * 4;
      if (Math.abs(a.data[i]! - b.data[i]!) + Math.abs(a.data[i + 1]! - b.data[i + 1]!) + Math.abs(a.data[i + 2]! - b.data[i + 2]!) > 12) n++;
    }
  }
  return n;
}

/** Horizontal centre of the pixels close to the iris colour, in the band of the eyes. */
function irisCentre(img: ImageData): number {
  const hex = LOOKS.aurora!.eyes;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let sum = 0, n = 0;
  for (let y = Math.floor(UPPER.y0); y < Math.ceil(UPPER.y1); y++) {
    for (let x = 0; x < SIZE; x++) {
      const i = (y * SIZE + x) * 4;
      if (Math.abs(img.data[i]! - r!) + Math.abs(img.data[i + 1]! - g!) + Math.abs(img.data[i + 2]! - b!) < 30) {
        sum += x;
        n++;
      }
    }
  }
  if (!n) throw new Error('no iris pixels');
  return sum / n;
}

describe('default face: pixels', () => {
  const neutral = render();

  it('draws a face before any motion frame (never an empty box)', () => {
    const canvas = new OffscreenCanvas(SIZE, SIZE);
    const r = new FaceRenderer(canvas, { idle: false });
    r.resize(SIZE, SIZE, 1);
    r.draw(0);
    const img = canvas.getContext('2d')!.getImageData(0, 0, SIZE, SIZE);
    expect(changed(img, neutral, box(-1, -1.2, 1, 1.2))).to.equal(0, 'the neutral pose');
    const bg = new OffscreenCanvas(SIZE, SIZE).getContext('2d')!;
    bg.fillStyle = LOOKS.aurora!.background;
    bg.fillRect(0, 0, SIZE, SIZE);
    expect(changed(img, bg.getImageData(0, 0, SIZE, SIZE), UPPER)).to.be.greaterThan(2000, 'face pixels over the background');
  });


  it('paints only when the face changes: a new pose at once, an unchanged one or a still face never', () => {
    const canvas = new OffscreenCanvas(SIZE, SIZE);
    const r = new FaceRenderer(canvas, { idle: false });
    r.resize(SIZE, SIZE, 1);
    expect(r.draw(0), 'the first display frame: the neutral face').to.equal(true);
    expect([r.draw(50), r.draw(500)], 'nothing changed').to.deep.equal([false, false]);
    const pose = createPose();
    pose.state = 'speaking';
    pose.seq = 1;
    pose.weights[BLENDSHAPE_INDEX.jawOpen] = 0.8;
    r.pose(pose);
    expect(r.draw(510), 'the next display frame after a new pose paints it').to.equal(true);
    expect(changed(canvas.getContext('2d')!.getImageData(0, 0, SIZE, SIZE), neutral, MOUTH)).to.be.greaterThan(200, 'the open jaw, in full at its first paint');
    r.pose(pose); // an idle slot handing the same pose again
    expect(r.draw(600), 'the same pose again').to.equal(false);
    r.resize(SIZE, SIZE, 2);
    expect(r.draw(700), 'a new size paints').to.equal(true);
    // with the idle life on: a blink paints frame after frame, and the eyes open again are painted too
    const lively = new FaceRenderer(new OffscreenCanvas(SIZE, SIZE), { idle: true, reducedMotion: true });
    let paints = 0;
    for (let t = 0; t < 8000; t += 1000 / 60) if (lively.draw(t)) paints++;
    expect(paints, 'reduced motion: blinks only (a few paints each), not 60 a second').to.be.within(2, 8000 / 1000 * 12);
  });
  it('glances are painted quickly only while the face is not speaking (while it speaks the eyes are not drawn)', () => {
    // The renderer's idle life is seeded (7): a twin IdleMotion updated at the same frame times says when the eyes move.
    const frames = Array.from({ length: 60 * 20 }, (_, n) => (n * 1000) / 60);
    const twin = new IdleMotion(7);
    let blinked = false; // a blink's last frame (eyes open again) paints too
    const glancing = frames.map((t) => {
      twin.update(t);
      const only = twin.glancing && !twin.blinking && !blinked;
      blinked = twin.blinking;
      return only;
    });
    const quickGaps = (state: 'speaking' | 'idle') => {
      const r = new FaceRenderer(new OffscreenCanvas(SIZE, SIZE), { idle: true });
      r.resize(SIZE, SIZE, 1);
      const pose = createPose();
      pose.state = state;
      r.pose(pose);
      let last = -Infinity, gaps = 0;
      frames.forEach((t, i) => {
        if (!r.draw(t)) return;
        if (glancing[i] && t - last < IDLE_PAINT_MS - 3) gaps++;
        last = t;
      });
      return gaps;
    };
    expect(glancing.filter(Boolean).length, 'the eyes move in these 20 s').to.be.greaterThan(30);
    expect(quickGaps('idle'), 'not speaking: the moving eyes are painted frame after frame').to.be.greaterThan(10);
    expect(quickGaps('speaking'), 'speaking: no quick paint for eyes that are not drawn').to.equal(0);
  });

  it('jawOpen = 1 changes the mouth region and nothing above it', () => {
    const open = render({ jawOpen: 1 });
    expect(changed(neutral, open, MOUTH)).to.be.greaterThan(300);
    expect(changed(neutral, open, UPPER)).to.equal(0);
  });

  it('a blink closes both eyes and leaves the mouth alone', () => {
    const blink = render({ eyeBlinkLeft: 1, eyeBlinkRight: 1 });
    expect(changed(neutral, blink, LEFT_EYE)).to.be.greaterThan(100);
    expect(changed(neutral, blink, RIGHT_EYE)).to.be.greaterThan(100);
    expect(changed(neutral, blink, MOUTH)).to.equal(0);
  });

  it("eyeBlinkLeft alone closes only the avatar's left eye (on the viewer's right)", () => {
    const wink = render({ eyeBlinkLeft: 1 });
    expect(changed(neutral, wink, LEFT_EYE)).to.be.greaterThan(100);
    expect(changed(neutral, wink, RIGHT_EYE)).to.equal(0);
  });

  it("yaw moves the features sideways: positive yaw towards the viewer's right", () => {
    const c0 = irisCentre(neutral);
    const right = irisCentre(render({}, [0, 0.4, 0]));
    const left = irisCentre(render({}, [0, -0.4, 0]));
    expect(right - c0).to.be.greaterThan(0.1 * U);
    expect(c0 - left).to.be.greaterThan(0.1 * U);
  });

  it('smile, pucker, tongue and brows each change their own region', () => {
    expect(changed(neutral, render({ mouthSmileLeft: 1, mouthSmileRight: 1 }), MOUTH)).to.be.greaterThan(50);
    expect(changed(neutral, render({ mouthPucker: 1 }), MOUTH)).to.be.greaterThan(50);
    expect(changed(render({ jawOpen: 0.5 }), render({ jawOpen: 0.5, tongueOut: 1 }), MOUTH)).to.be.greaterThan(50);
    const brows = render({ browInnerUp: 1, browOuterUpLeft: 1, browOuterUpRight: 1 });
    expect(changed(neutral, brows, box(-0.6, -0.65, 0.6, -0.2))).to.be.greaterThan(50);
    expect(changed(neutral, brows, MOUTH)).to.equal(0);
  });

  it('a brow turned half away is drawn while its inner end faces the viewer', () => {
    // Yaw and pitch at the renderer's limits, the avatar's left outer brow raised: the outer end of that brow
    // is behind the head's silhouette (culled alone), the inner end faces the viewer, so the brow is drawn
    // and browDownLeft (which moves only that brow) changes pixels.
    const turned: [number, number, number] = [-0.5, 0.75, 0];
    const raised = render({ browOuterUpLeft: 1 }, turned);
    const lowered = render({ browOuterUpLeft: 1, browDownLeft: 0.5 }, turned);
    expect(changed(raised, lowered, box(-1.5, -1.5, 1.5, 1.5))).to.be.greaterThan(20);
  });

  it('each look draws differently, and CSS colours override a look', () => {
    expect(changed(render({}, [0, 0, 0], 'aurora'), render({}, [0, 0, 0], 'nova'), UPPER)).to.be.greaterThan(2000);
    const theme = resolveTheme('aurora', { skin: '#00ff00' });
    expect(theme.skin).to.equal('#00ff00');
    expect(theme.hair).to.equal(LOOKS.aurora!.hair);
  });

  it('the backing store follows size and device pixel ratio', () => {
    const canvas = new OffscreenCanvas(10, 10);
    const r = new FaceRenderer(canvas, { idle: false });
    r.resize(100, 50, 2);
    expect([canvas.width, canvas.height]).to.deep.equal([200, 100]);
    r.resize(300, 300, 1.5);
    expect([canvas.width, canvas.height]).to.deep.equal([450, 450]);
  });
});

describe('face stage (the element side of the canvas)', () => {
  it('transfers the canvas once and reports size and pixel ratio changes to the worker', async () => {
    const host = document.createElement('div');
    const container = document.createElement('div');
    container.style.cssText = 'width: 200px; height: 120px';
    host.append(container);
    document.body.append(host);
    const stage = new FaceStage(host, container, () => undefined);
    const sent: ToWorkerPortMessage[] = [];
    const original = stage.port.post.bind(stage.port);
    stage.port.post = (m: ToWorkerPortMessage, t?: Transferable[]) => {
      sent.push(m);
      original(m, t);
    };
    try {
      container.style.width = '320px';
      await new Promise((r) => setTimeout(r, 200));
      const resize = sent.filter((m) => m.kind === 'resize').at(-1);
      expect(resize?.kind === 'resize' && resize.data).to.deep.equal({ width: 320, height: 120, devicePixelRatio: devicePixelRatio });
      expect(container.querySelectorAll('canvas').length).to.equal(1);
    } finally {
      stage.dispose();
      host.remove();
    }
    expect(container.querySelectorAll('canvas').length).to.equal(0);
  });
});
