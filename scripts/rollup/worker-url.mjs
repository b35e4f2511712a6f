// Rollup plugin for `new URL('./x.worker.ts', import.meta.url)` in our sources (the form the dev server
// and test runner serve as is). Each worker (or worklet) is bundled by itself into one file, with no
// imports, by its own rollup run with `plugins()`; then:
//   - { inline: false }: the file is emitted next to the module (`dist/motion.worker.js`), so a page with a
//     strict CSP (no blob:) can start it from its own origin, and a page can copy that one file to another
//     path and point the element at it (`worker-url`): it imports nothing, so it runs from anywhere;
//   - { inline: true }: the file is embedded as a Blob URL, for the standalone build that a CMS page
//     loads from a CDN on another origin (a Worker cannot start from a cross-origin URL).
import { basename, dirname, resolve } from 'node:path';
import { rollup } from 'rollup';

const PATTERN = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+\.(?:worker|worklet)\.ts)\1\s*,\s*import\.meta\.url\s*\)/g;

export function workerUrl({ inline, plugins = () => [], sourcemap = !inline }) {
  return {
    name: 'worker-url',
    async transform(code, id) {
      if (!code.includes('.worker.ts') && !code.includes('.worklet.ts')) return null;
      let out = code;
      for (const match of code.matchAll(PATTERN)) {
        const file = resolve(dirname(id), match[2]);
        const bundle = await rollup({ input: file, plugins: plugins(), onwarn: this.warn });
        const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true, sourcemap });
        for (const watched of bundle.watchFiles) this.addWatchFile(watched);
        await bundle.close();
        const worker = output[0];
        let replacement;
        if (inline) {
          replacement = `URL.createObjectURL(new Blob([${JSON.stringify(worker.code)}], { type: 'text/javascript' }))`;
        } else {
          const fileName = basename(match[2]).replace(/\.ts$/, '.js');
          let source = worker.code;
          if (worker.map) {
            source = source.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, ''); // a minifier's own comment: ours below
            this.emitFile({ type: 'asset', fileName: `${fileName}.map`, source: worker.map.toString() });
            source += `\n//# sourceMappingURL=${fileName}.map\n`;
          }
          const ref = this.emitFile({ type: 'asset', fileName, source });
          replacement = `new URL(import.meta.ROLLUP_FILE_URL_${ref})`;
        }
        // a function, not the string: replace() reads `$&`, `$'` and `$\`` in a string as patterns, and minified
        // code has them (`this.#$&&…` in the motion worker inserted the matched text into the inlined worker)
        out = out.replace(match[0], () => replacement);
      }
      return out === code ? null : { code: out, map: null };
    },
  };
}
