// Rollup plugin: esbuild's minifier on each chunk, before terser. What it adds to terser alone is how it
// renames `#private` class members: the same short names in every class (`#t`, `#e`, …), by frequency,
// where terser gives each name in the file a name of its own (`#qe`, `#Xt`): gzip finds the repeats. On
// motion.worker.js as shipped that is 382 B gzipped (12,152 -> 11,770, bench/bundle.bench.ts, issue 14). Terser runs after it
// (its three passes still pay), so the output is terser's, with esbuild's names.
import { transform } from 'esbuild';

export function esbuildMinify() {
  return {
    name: 'esbuild-minify',
    async renderChunk(code, chunk, options) {
      const result = await transform(code, {
        minify: true,
        format: 'esm',
        target: 'es2022',
        sourcemap: options.sourcemap ? 'external' : false,
        sourcefile: chunk.fileName,
        logLevel: 'silent',
      });
      return { code: result.code, map: result.map || null };
    },
  };
}
