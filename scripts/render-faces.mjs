// Renders the default face in named poses and looks to PNG files in headless Chromium:
//   node scripts/render-faces.mjs [outDir] [size]
// (docs/images/ is made with this). The renderer is bundled with esbuild and drawn on a page canvas.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/chromium.mjs';

const [outDir = 'docs/images', size = '320'] = process.argv.slice(2);
const entry = `
import { FaceRenderer } from './src/render/face-renderer.ts';
import { resolveTheme } from './src/render/looks.ts';
import { createPose } from './src/playback/pose.ts';
import { BLENDSHAPE_INDEX } from './src/codec/blendshapes.ts';
window.renderFace = (look, weights, rotation, size) => {
  const canvas = document.createElement('canvas');
  const r = new FaceRenderer(canvas, { idle: false, theme: resolveTheme(look) });
  r.resize(size, size, 2);
  const pose = createPose();
  for (const [name, v] of Object.entries(weights)) pose.weights[BLENDSHAPE_INDEX[name]] = v;
  pose.rotation.set(rotation);
  pose.state = 'speaking';
  r.pose(pose, 0);
  r.draw(1000);
  return canvas.toDataURL('image/png');
};`;
const bundle = await build({ stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, format: 'esm', write: false });

export const POSES = {
  neutral: [{}, [0, 0, 0]],
  talking: [{ jawOpen: 0.55, mouthFunnel: 0.2, mouthLowerDownLeft: 0.3, mouthLowerDownRight: 0.3, browInnerUp: 0.3 }, [0.05, 0, 0]],
  smiling: [{ mouthSmileLeft: 0.9, mouthSmileRight: 0.9, cheekSquintLeft: 0.5, cheekSquintRight: 0.5, eyeSquintLeft: 0.3, eyeSquintRight: 0.3, jawOpen: 0.15 }, [0, 0, 0]],
  blink: [{ eyeBlinkLeft: 1, eyeBlinkRight: 1 }, [0, 0, 0]],
  'turned-head': [{ jawOpen: 0.2, eyeLookOutLeft: 0.5, eyeLookInRight: 0.5 }, [0.1, 0.5, 0.12]],
  surprised: [{ jawOpen: 0.8, eyeWideLeft: 1, eyeWideRight: 1, browInnerUp: 1, browOuterUpLeft: 0.9, browOuterUpRight: 0.9, mouthFunnel: 0.5 }, [-0.1, 0, 0]],
  'tongue-out': [{ jawOpen: 0.45, tongueOut: 1, eyeBlinkRight: 1, mouthSmileLeft: 0.4 }, [0, 0, -0.15]],
};

const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(e));
  await page.setContent('<html><body></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0].text, type: 'module' });
  mkdirSync(outDir, { recursive: true });
  const jobs = [...Object.entries(POSES).map(([name, [w, r]]) => [`face-${name}`, 'aurora', w, r]),
    ...['aurora', 'sol', 'nova'].map((look) => [`look-${look}`, look, POSES.smiling[0], [0, 0.2, 0]])];
  const urls = [];
  for (const [name, look, weights, rotation] of jobs) {
    const url = await page.evaluate((l, w, r, s) => window.renderFace(l, w, r, s), look, weights, rotation, Number(size));
    writeFileSync(join(outDir, `${name}.png`), Buffer.from(url.split(',')[1], 'base64'));
    urls.push(url);
    console.log(`wrote ${join(outDir, name)}.png`);
  }
  // and one contact sheet of them all, 5 to a row, at half size
  const sheet = await page.evaluate(async (list, s) => {
    const cols = 5, cell = s, rows = Math.ceil(list.length / cols);
    const c = document.createElement('canvas');
    c.width = cols * cell; c.height = rows * cell;
    const g = c.getContext('2d');
    g.fillStyle = '#fff'; g.fillRect(0, 0, c.width, c.height);
    for (let i = 0; i < list.length; i++) {
      const img = new Image(); img.src = list[i]; await img.decode();
      g.drawImage(img, (i % cols) * cell, Math.floor(i / cols) * cell, cell, cell);
    }
    return c.toDataURL('image/png');
  }, urls, Number(size));
  writeFileSync(join(outDir, 'faces.png'), Buffer.from(sheet.split(',')[1], 'base64'));
  console.log(`wrote ${join(outDir, 'faces')}.png`);
} finally {
  await browser.close();
}
