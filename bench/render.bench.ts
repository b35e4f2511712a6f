// Draw time of the default face in headless Chromium at 512 x 512 and 1024 x 1024, a talking sequence with
// idle life on, rasterised each frame (a 1-pixel readback forces it), beside a frame that only paints the
// background (the floor any renderer pays). Also JS heap growth per drawn frame (allocation check).
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/chromium.mjs';
import { fmt } from './measure.js';

const ENTRY = `
import { FaceRenderer } from './src/render/face-renderer.ts';
import { createPose } from './src/playback/pose.ts';
window.benchDraw = (size, frames) => {
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d');
  const r = new FaceRenderer(canvas, { idle: true });
  r.resize(size, size, 1);
  const pose = createPose();
  pose.state = 'speaking';
  const face = [], floor = [];
  let now = 0;
  const step = (i) => {
    pose.weights[17] = 0.5 + 0.5 * Math.sin(i * 0.7);        // jawOpen
    pose.weights[19] = 0.5 + 0.5 * Math.sin(i * 0.23);       // mouthFunnel
    pose.weights[23] = pose.weights[24] = 0.5 + 0.5 * Math.sin(i * 0.11); // smile
    pose.weights[43] = 0.5 + 0.5 * Math.sin(i * 0.05);       // browInnerUp
    pose.rotation[1] = 0.3 * Math.sin(i * 0.03);
    if (i % 2 === 0) r.pose(pose, now, true);                // 25 fps poses, 50 fps draws
    now += 20;
  };
  for (let i = 0; i < 120; i++) { step(i); r.draw(now); ctx.getImageData(0, 0, 1, 1); }
  for (let i = 0; i < frames; i++) {
    step(i);
    let t = performance.now();
    r.draw(now);
    ctx.getImageData(0, 0, 1, 1);
    face.push(performance.now() - t);
    t = performance.now();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#dfe9f3';
    ctx.fillRect(0, 0, size, size);
    ctx.getImageData(0, 0, 1, 1);
    floor.push(performance.now() - t);
  }
  // allocation: JS heap growth per draw once optimised (5,000 draws of warm-up), median of 5 runs of 15,000,
  // beside the same loop calling a no-op (the measurement's floor)
  const times = new Float64Array(20000);
  for (let i = 0; i < times.length; i++) times[i] = now + i * 16.7;
  const heap = (fn) => {
    for (let i = 0; i < 5000; i++) fn(times[i]);
    const runs = [];
    for (let rep = 0; rep < 5; rep++) {
      gc(); gc();
      const before = performance.memory.usedJSHeapSize;
      for (let i = 5000; i < 20000; i++) fn(times[i]);
      runs.push((performance.memory.usedJSHeapSize - before) / 15000);
    }
    return runs.sort((a, b) => a - b)[2];
  };
  const noop = heap(() => undefined);
  const drawing = heap((t) => r.draw(t));
  return { face, floor, bytesPerDraw: drawing, noopBytes: noop };
};`;

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { mean: s.reduce((a, b) => a + b, 0) / s.length, p95: s[Math.floor(0.95 * (s.length - 1))]! };
};

export async function renderBench(): Promise<string> {
  const bundle = await build({ stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, format: 'esm', write: false });
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM, headless: true,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  const rows: string[] = [];
  let goal = '';
  try {
    const page = await browser.newPage();
    await page.setContent('<html><body></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text, type: 'module' });
    for (const size of [512, 1024]) {
      const r = await page.evaluate((s: number) => (window as unknown as { benchDraw(s: number, n: number): { face: number[]; floor: number[]; bytesPerDraw: number; noopBytes: number } }).benchDraw(s, 600), size);
      const face = stats(r.face), floor = stats(r.floor);
      rows.push(`| ${size} x ${size} | ${fmt(face.mean, 2)} / ${fmt(face.p95, 2)} | ${fmt(floor.mean, 2)} / ${fmt(floor.p95, 2)} | ${fmt(face.mean / floor.mean, 1)}x | ${fmt(Math.max(0, r.bytesPerDraw), 1)} (no-op: ${fmt(Math.max(0, r.noopBytes), 1)}) |`);
      if (size === 512) goal = `Goal: under 2 ms mean at 512 x 512: ${face.mean < 2 ? 'met' : '**not met**'} (${fmt(face.mean, 2)} ms).`;
    }
  } finally {
    await browser.close();
  }
  return [
    'Headless Chromium, software raster (--disable-gpu), DPR 1, idle life on, 600 frames after 120 of warm-up.',
    '',
    '| canvas | face: mean / p95 (ms) | background only: mean / p95 (ms) | face vs background | JS heap growth per draw, bytes (median of 5) |',
    '|---|---:|---:|---:|---:|',
    ...rows,
    '',
    goal,
    '',
    'Heap growth: the draw path creates no arrays, objects, strings or closures; what remains (tens of',
    'bytes, one to three 12-byte boxed doubles where V8 passes a double to a call it did not inline) is',
    'young-generation garbage. Measured after 5,000 draws; before V8 optimises, it is a few hundred bytes.',
  ].join('\n');
}
