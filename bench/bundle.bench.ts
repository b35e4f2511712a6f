// Bundle size: our own code as a page downloads it, minified and gzipped. The main thread is src/index.ts
// with lit and livekit-client left out (a page that uses them has them anyway; they are dependencies, not
// our code); the motion worker is src/worker/motion.worker.ts, bundled by itself as the build ships it
// (one file, scripts/rollup/worker-url.mjs). esbuild bundles and minifies (as a page's bundler would);
// zlib gzips at level 9. Terser (what the standalone build uses) on the same bundle is shown beside it.
// The whole package with lit and livekit-client is shown for reference.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { minify } from 'terser';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const GOAL_BYTES = 20_000; // 20 KB for the main thread plus the worker, gzipped
const EXTERNAL = ['lit', 'lit/*', '@lit/*', 'livekit-client', 'livekit-client/*'];

interface Sized { minified: number; gzipped: number; terserGzipped: number; metafile: Metafile }

async function bundle(entry: string, external: string[]): Promise<Sized> {
  const esbuild = (minify: boolean) => build({
    entryPoints: [ROOT + entry],
    bundle: true,
    minify,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    tsconfig: ROOT + 'tsconfig.json',
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const result = await esbuild(true);
  const code = result.outputFiles[0]!.contents;
  const plain = (await esbuild(false)).outputFiles[0]!.text;
  const terse = (await minify(plain, { module: true, ecma: 2020, compress: { passes: 2 } })).code ?? '';
  return {
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    terserGzipped: gzipSync(terse, { level: 9 }).length,
    metafile: result.metafile,
  };
}

/** Minified bytes per source folder (src/element, src/room, …), largest first. */
function byFolder(metafile: Metafile): string {
  const folders = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const folder = /^(src\/[^/]+)\//.exec(input)?.[1] ?? (input.startsWith('src/') ? input : 'other');
      folders.set(folder, (folders.get(folder) ?? 0) + bytesInOutput);
    }
  }
  return [...folders].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${fmt(n)}`).join(', ');
}

const fmt = (n: number) => n.toLocaleString('en-US');
const kb = (n: number) => (n / 1000).toFixed(1);

export async function bundleBench(): Promise<string> {
  const main = await bundle('src/index.ts', EXTERNAL);
  const worker = await bundle('src/worker/motion.worker.ts', []);
  const whole = await bundle('src/index.ts', []);
  const sum = main.gzipped + worker.gzipped;
  const row = (name: string, s: Omit<Sized, 'metafile'>) =>
    `| ${name} | ${fmt(s.minified)} | ${fmt(s.gzipped)} | ${kb(s.gzipped)} | ${fmt(s.terserGzipped)} |`;
  return [
    '| what | esbuild minified bytes | gzipped bytes | gzipped KB | terser + gzip bytes |',
    '|---|---:|---:|---:|---:|',
    row('main thread (`spatius-avatar`, without lit and livekit-client)', main),
    row('motion worker (`motion.worker.js`)', worker),
    row('**ours: main + worker**', {
      minified: main.minified + worker.minified, gzipped: sum, terserGzipped: main.terserGzipped + worker.terserGzipped,
    }),
    row('reference: main thread with lit and livekit-client bundled in', whole),
    '',
    `Main thread by folder (minified bytes): ${byFolder(main.metafile)}.`,
    '',
    `Worker by folder (minified bytes): ${byFolder(worker.metafile)}.`,
    '',
    `Goal: our main thread plus the worker at most 20 KB (${fmt(GOAL_BYTES)} bytes) gzipped: `
      + `${sum <= GOAL_BYTES ? 'met' : 'NOT met'} (${fmt(sum)} bytes).`,
  ].join('\n');
}
