// Rollup plugin for `new URL('./x.worker.ts', import.meta.url)` in our sources (the form the dev server
// and test runner serve as is):
//   - { inline: false }: the worker becomes its own chunk next to the module, so a page with a strict CSP
//     (no blob:) can start it from its own origin;
//   - { inline: true }: the worker is bundled into one file and embedded as a Blob URL, for the
//     standalone build that a CMS page loads from a CDN on another origin (a Worker cannot start from a
//     cross-origin URL).
import { dirname, resolve } from 'node:path';
import { rollup } from 'rollup';

const PATTERN = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+\.(?:worker|worklet)\.ts)\1\s*,\s*import\.meta\.url\s*\)/g;

export function workerUrl({ inline, plugins = () => [] }) {
  return {
    name: 'worker-url',
    async transform(code, id) {
      if (!code.includes('.worker.ts') && !code.includes('.worklet.ts')) return null;
      let out = code;
      for (const match of code.matchAll(PATTERN)) {
        const file = resolve(dirname(id), match[2]);
        let replacement;
        if (inline) {
          const bundle = await rollup({ input: file, plugins: plugins(), onwarn: this.warn });
          const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
          await bundle.close();
          replacement = `URL.createObjectURL(new Blob([${JSON.stringify(output[0].code)}], { type: 'text/javascript' }))`;
        } else {
          const fileName = match[2].split('/').pop().replace(/\.ts$/, '.js');
          const ref = this.emitFile({ type: 'chunk', id: file, fileName });
          replacement = `new URL(import.meta.ROLLUP_FILE_URL_${ref})`;
        }
        out = out.replace(match[0], replacement);
      }
      return out === code ? null : { code: out, map: null };
    },
  };
}
