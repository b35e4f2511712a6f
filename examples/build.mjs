// Builds the React and Vue examples with esbuild (the repository's own dev dependency): src/main.* ->
// dist/app.js, and the element's worker (the package's dist/motion.worker.js, which a bundler does not copy)
// next to it. Run `npm run build` at the root first. `node examples/build.mjs` builds both; the examples test
// (test/examples/) builds them when it starts (test/examples/plugin.mjs).
import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export const EXAMPLES = {
  react: { entry: 'react/src/main.tsx', options: { jsx: 'automatic' } },
  // Vue's full build: the app's template is compiled in the browser (an app with .vue files compiles them at
  // build time instead, with a Vue plugin for the bundler). The flags are Vue's compile-time switches.
  vue: {
    entry: 'vue/src/main.ts',
    options: {
      alias: { vue: 'vue/dist/vue.esm-bundler.js' },
      define: { __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
    },
  },
};

/** Builds one example (or all); resolves to esbuild's results. */
export async function buildExamples(names = Object.keys(EXAMPLES)) {
  return Promise.all(names.map(async (name) => {
    const { entry, options } = EXAMPLES[name];
    const outdir = here(`${name}/dist/`);
    await mkdir(outdir, { recursive: true });
    await copyFile(here('../dist/motion.worker.js'), `${outdir}motion.worker.js`);
    return build({
      absWorkingDir: here(name), // where esbuild resolves an alias (and names files in messages)
      entryPoints: [here(entry)],
      bundle: true,
      format: 'esm',
      target: 'es2022',
      outfile: `${outdir}app.js`,
      sourcemap: true,
      minify: true,
      logLevel: 'warning',
      ...options,
      define: { 'process.env.NODE_ENV': '"production"', ...options.define },
    }).then((result) => ({ name, result }));
  }));
}

/** The warnings esbuild gave while bundling the package into the apps (a page's bundler would give them too). */
export function warningsOf(results) {
  return results.flatMap(({ name, result }) => result.warnings.map((w) => `${name}: ${w.text}${w.location ? ` (${w.location.file}:${w.location.line})` : ''}`));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const warnings = warningsOf(await buildExamples(process.argv.slice(2).length ? process.argv.slice(2) : undefined));
  console.log(`examples built in ${Math.round(performance.now() - started)} ms`);
  // The package must bundle cleanly into an app: a warning fails the build (npm test runs this).
  if (warnings.length) {
    console.error(`bundling the package gave ${warnings.length} warning(s):\n${warnings.join('\n')}`);
    process.exitCode = 1;
  }
}
