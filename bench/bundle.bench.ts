// Bundle size: our own code as a page downloads it, minified and gzipped (zlib level 9), measured on what
// ships: the module build (`rollup.config.mjs`, built here in memory).
// - Main thread: the module build's `index.js` and its chunks, bundled and minified by esbuild (as a page's
//   bundler would: Vite and most bundlers minify with it) with lit and livekit-client left out (a page that
//   uses them has them anyway; they are dependencies, not our code). Terser (what the standalone build uses,
//   with the build's options) on the same bundle is shown beside it. The bundle is split as a page's bundler
//   splits it: the row counts what a default page loads (the entry and the chunks it imports statically); a
//   chunk the element imports on demand (`import()`) is a lazy chunk, listed on its own row and not counted.
// - Motion worker: `motion.worker.js` as the build emits it (one file, already minified by terser: a page's
//   bundler copies it as an asset, as it is). esbuild's minification of its sources is shown beside it.
// The whole package with lit and livekit-client is shown for reference, and the minified bytes per source
// folder (esbuild's metafile of the sources).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { rollup } from 'rollup';
import type { OutputOptions, RollupOptions } from 'rollup';
import { minify } from 'terser';
import type { MinifyOptions } from 'terser';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const GOAL_BYTES = 20_000; // 20 KB for the main thread plus the worker, gzipped
const EXTERNAL = ['lit', 'lit/*', '@lit/*', 'livekit-client', 'livekit-client/*'];

interface Sized { minified: number; gzipped: number; terserGzipped: number }

/** One output file of a split build: `lazy` when no static import from the entry reaches it. */
interface OutFile extends Sized { name: string; lazy: boolean; sources: string[] }

const gzip = (code: string | Uint8Array): number => gzipSync(code, { level: 9 }).length;

/**
 * `entry` bundled with code splitting (as a page's bundler does: a dynamic `import()` becomes a chunk the
 * page fetches only when the code runs). What a page downloads at load is the entry and every chunk its static
 * imports reach (each file gzipped on its own, as served); the other chunks are lazy and counted apart.
 */
async function esbuildSize(entry: string, external: string[], terserOptions: MinifyOptions): Promise<Sized & { metafile: Metafile; files: OutFile[] }> {
  const esbuild = (minify: boolean) => build({
    entryPoints: { entry },
    bundle: true,
    splitting: true,
    outdir: '/out',
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
  const plain = await esbuild(false);
  const outputs = result.metafile.outputs;
  const key = (path: string) => relative(process.cwd(), path); // the metafile names outputs relative to the cwd
  // The files the entry loads: the entry and the closure of its static imports.
  const eager = new Set<string>();
  const visit = (k: string) => {
    if (eager.has(k)) return;
    eager.add(k);
    for (const i of outputs[k]!.imports) if (i.kind === 'import-statement' && !i.external && outputs[i.path]) visit(i.path);
  };
  visit(Object.keys(outputs).find((k) => outputs[k]!.entryPoint !== undefined)!);
  // The same file of the unminified build (its name's hash differs): the one sharing the most sources with it
  // (minification may leave a source with no byte in the output).
  const sourcesOf = (m: Metafile, k: string) => new Set(Object.keys(m.outputs[k]!.inputs));
  const twinOf = (k: string) => {
    const mine = sourcesOf(result.metafile, k);
    const shared = (f: { path: string }) => [...sourcesOf(plain.metafile, key(f.path))].filter((i) => mine.has(i)).length;
    const js = plain.outputFiles.filter((f) => f.path.endsWith('.js'));
    return js.reduce((best, f) => (shared(f) > shared(best) ? f : best), js[0]!).text;
  };
  const files: OutFile[] = [];
  for (const file of result.outputFiles) {
    if (!file.path.endsWith('.js')) continue;
    const k = key(file.path);
    const twin = twinOf(k);
    const terse = (await minify(twin, terserOptions)).code ?? '';
    files.push({
      name: k, lazy: !eager.has(k), sources: Object.keys(outputs[k]!.inputs).filter((i) => outputs[k]!.inputs[i]!.bytesInOutput > 0),
      minified: file.contents.length, gzipped: gzip(file.contents), terserGzipped: gzip(terse),
    });
  }
  const loaded = files.filter((f) => !f.lazy);
  const total = (pick: (f: OutFile) => number) => loaded.reduce((n, f) => n + pick(f), 0);
  return { minified: total((f) => f.minified), gzipped: total((f) => f.gzipped), terserGzipped: total((f) => f.terserGzipped), metafile: result.metafile, files };
}

/** The module build (rollup.config.mjs's first build), generated in memory and written to a scratch folder. */
async function moduleBuild(): Promise<{ dir: string; worker: string; terserOptions: MinifyOptions }> {
  const config = (await import(ROOT + 'rollup.config.mjs')) as { default: RollupOptions[]; TERSER_OPTIONS: MinifyOptions };
  const options = config.default[0]!;
  const cwd = process.cwd();
  process.chdir(ROOT); // the config's paths are relative to the repository
  try {
    const bundle = await rollup({ ...options, onwarn: () => undefined });
    const { output } = await bundle.generate(options.output as OutputOptions);
    await bundle.close();
    const dir = mkdtempSync(join(tmpdir(), 'spatius-bundle-'));
    let worker = '';
    for (const file of output) {
      if (!file.fileName.endsWith('.js')) continue;
      const text = file.type === 'chunk' ? file.code : String(file.source);
      if (file.fileName === 'motion.worker.js') worker = text;
      mkdirSync(dirname(join(dir, file.fileName)), { recursive: true });
      writeFileSync(join(dir, file.fileName), text);
    }
    if (!worker) throw new Error('the module build emitted no motion.worker.js');
    return { dir, worker, terserOptions: config.TERSER_OPTIONS };
  } finally {
    process.chdir(cwd);
  }
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
  const built = await moduleBuild();
  try {
    const main = await esbuildSize(join(built.dir, 'index.js'), EXTERNAL, built.terserOptions);
    const shipped = { minified: Buffer.byteLength(built.worker), gzipped: gzip(built.worker) };
    const workerSource = await esbuildSize(ROOT + 'src/worker/motion.worker.ts', [], built.terserOptions);
    const mainSource = await esbuildSize(ROOT + 'src/index.ts', EXTERNAL, built.terserOptions);
    const whole = await esbuildSize(ROOT + 'src/index.ts', [], built.terserOptions);
    const sum = main.gzipped + shipped.gzipped;
    const lazy = main.files.filter((f) => f.lazy);
    const row = (name: string, s: Sized) =>
      `| ${name} | ${fmt(s.minified)} | ${fmt(s.gzipped)} | ${kb(s.gzipped)} | ${fmt(s.terserGzipped)} |`;
    return [
      '| what | minified bytes | gzipped bytes | gzipped KB | terser + gzip bytes |',
      '|---|---:|---:|---:|---:|',
      row('main thread (`spatius-avatar` module build, esbuild; without lit and livekit-client; what a default page loads)', main),
      row('motion worker (`motion.worker.js` as shipped, terser)', { ...shipped, terserGzipped: shipped.gzipped }),
      row('**ours: main + worker**', { minified: main.minified + shipped.minified, gzipped: sum, terserGzipped: main.terserGzipped + shipped.gzipped }),
      ...lazy.map((f) => row(`lazy chunk, not counted above: ${f.sources.map((i) => i.replace(/^.*\/|-[\w-]{8}\.js$/g, '')).join(', ')}`, f)),
      row('for comparison: motion worker sources, esbuild', workerSource),
      row('reference: main thread with lit and livekit-client bundled in', whole),
      '',
      `Main thread by folder (esbuild, minified bytes, lazy chunks included): ${byFolder(mainSource.metafile)}.`,
      '',
      `Worker by folder (esbuild, minified bytes): ${byFolder(workerSource.metafile)}.`,
      '',
      `Lazy chunks (loaded by the element only when a page uses what they hold): ${lazy.length}; `
        + `the main thread row counts the entry and the chunks it imports statically, each gzipped on its own.`,
      '',
      `Goal: our main thread plus the worker at most 20 KB (${fmt(GOAL_BYTES)} bytes) gzipped: `
        + `${sum <= GOAL_BYTES ? 'met' : 'NOT met'} (${fmt(sum)} bytes).`,
    ].join('\n');
  } finally {
    rmSync(built.dir, { recursive: true, force: true });
  }
}
