// `npm run bench`: runs every benchmark in this process and writes each one's figures into BENCHMARKS.md
// between its markers (<!-- bench:NAME --> … <!-- /bench:NAME -->). `npm run bench -- codec` runs one.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { bundleBench } from './bundle.bench.js';
import { codecBench } from './codec.bench.js';
import { e2eBench } from './e2e.bench.js';
import { lipsyncBench } from './lipsync.bench.js';
import { lipsyncFirefoxBench } from './lipsync-firefox.bench.js';
import { networkBench } from './network.bench.js';
import { playbackBench } from './playback.bench.js';
import { renderBench } from './render.bench.js';

const BENCHES: Record<string, () => Promise<string>> = { codec: codecBench, playback: playbackBench, render: renderBench, bundle: bundleBench, lipsync: lipsyncBench, e2e: e2eBench, network: networkBench, 'lipsync-firefox': lipsyncFirefoxBench };
/** Run only when named (`npm run bench -- lipsync-firefox`), not by a plain `npm run bench`. */
const ON_REQUEST = new Set(['lipsync-firefox']);
const file = new URL('../BENCHMARKS.md', import.meta.url);

const only = process.argv.slice(2);
let doc = readFileSync(file, 'utf8');
for (const [name, bench] of Object.entries(BENCHES)) {
  if (only.length ? !only.includes(name) : ON_REQUEST.has(name)) continue;
  process.stdout.write(`bench ${name}… `);
  const body = await bench();
  const stamp = `_${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} (${cpus().length} cores), \`npm run bench -- ${name}\`_`;
  const block = `<!-- bench:${name} -->\n${stamp}\n\n${body}\n<!-- /bench:${name} -->`;
  const re = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
  doc = re.test(doc) ? doc.replace(re, block) : `${doc.trimEnd()}\n\n${block}\n`;
  console.log('done');
  console.log(body);
}
writeFileSync(file, doc);
