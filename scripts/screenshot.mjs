// Takes a screenshot of a page in headless Chromium: node scripts/screenshot.mjs URL OUT.png [waitMs] [width] [height]
import puppeteer from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/chromium.mjs';

const [url, out, wait = '4000', width = '900', height = '700'] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node scripts/screenshot.mjs URL OUT.png [waitMs] [width] [height]');
  process.exit(2);
}
const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: Number(width), height: Number(height) });
  page.on('console', (m) => console.log(`[page] ${m.text()}`));
  await page.goto(url, { waitUntil: 'load' });
  await new Promise((r) => setTimeout(r, Number(wait)));
  await page.screenshot({ path: out });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}
