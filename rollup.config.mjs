import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { esbuildMinify } from './scripts/rollup/esbuild-minify.mjs';
import { minifyLiterals } from './scripts/rollup/minify-literals.mjs';
import { workerUrl } from './scripts/rollup/worker-url.mjs';

// What terser does to every file we minify: the standalone build, and each worker and worklet file (which a
// page's bundler copies as an asset, unminified: so the build minifies them). `module`: ES modules (top-level
// names are local, so they are renamed); `ecma: 2020`: modern output; three compress passes (the third saves
// 15 B gzipped of the worker, a fourth nothing). Before terser, each worker and worklet goes through esbuild's
// minifier (scripts/rollup/esbuild-minify.mjs: its renaming of `#private` members gzips better).
export const TERSER_OPTIONS = { module: true, ecma: 2020, compress: { passes: 3 } };

const ts = (declarations, sourceMap = true) =>
  typescript({
    tsconfig: './tsconfig.json',
    declaration: declarations,
    declarationDir: declarations ? 'dist/types' : undefined,
    outDir: 'dist',
    sourceMap,
    noEmitOnError: true,
  });

// A declaration next to each entry file (`dist/codec.d.ts` -> `./types/codec/index.js`), so TypeScript finds
// the types of a built file imported by path (the tests that load dist/*.js, tsconfig.test.json) and of
// `spatius-avatar/standalone`, whose export has no "types" condition.
const entryDeclarations = (entries) => ({
  name: 'entry-declarations',
  generateBundle() {
    for (const [file, types] of Object.entries(entries)) {
      this.emitFile({ type: 'asset', fileName: `${file}.d.ts`, source: `export * from './types/${types}.js';\n` });
    }
  },
});

export default [
  // For bundler users: lit and livekit-client stay external, the worker is its own file, minified (bundlers
  // copy it as it is); the modules are not minified (the page's bundler does that), but the text of lit's
  // css`…`/html`…` templates is (no bundler does: scripts/rollup/minify-literals.mjs).
  {
    input: { index: 'src/index.ts', codec: 'src/codec/index.ts', element: 'src/element/index.ts', publisher: 'src/publisher/index.ts' },
    external: [/^lit($|\/)/, /^@lit\//, /^livekit-client($|\/)/],
    // Our modules run nothing a page needs when imported, but for the entries (index.ts registers the element):
    // so no chunk is imported only for its execution order. Without this a clean build now and then gave
    // dist/index.js a bare `import './chunks/bytes-….js'` (which build depends on the order the workers'
    // builds finish in), and esbuild, honouring package.json's "sideEffects", warned of it in every page's build.
    treeshake: { moduleSideEffects: (_id, external) => external },
    plugins: [
      workerUrl({ inline: false, plugins: () => [nodeResolve(), ts(false), esbuildMinify(), terser(TERSER_OPTIONS)] }),
      nodeResolve(),
      ts(true),
      minifyLiterals(), // after ts(): it compiles the files as they are on disk
      entryDeclarations({ index: 'index', codec: 'codec/index', element: 'element/index', publisher: 'publisher/index' }),
    ],
    output: {
      dir: 'dist',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      // No bare `import './chunks/…'` of chunks an entry reaches only through another: a page's bundler that
      // honours "sideEffects" warns of each (esbuild: ignored-bare-import), and the imports that use them load them.
      hoistTransitiveImports: false,
    },
  },
  // For a <script type="module"> tag on a CMS page: everything in one file, the worker inlined.
  {
    input: 'src/index.ts',
    plugins: [
      workerUrl({ inline: true, plugins: () => [nodeResolve(), ts(false, false), esbuildMinify(), terser(TERSER_OPTIONS)] }),
      nodeResolve({ browser: true }),
      ts(false),
      minifyLiterals(),
      terser(TERSER_OPTIONS),
      entryDeclarations({ 'spatius-avatar.standalone': 'index' }),
    ],
    output: {
      file: 'dist/spatius-avatar.standalone.js',
      format: 'es',
      sourcemap: true,
      inlineDynamicImports: true,
      // Importing the file where there is no DOM (a server rendering the page, a Node test) must not throw:
      // lit's browser build, bundled here, extends HTMLElement and reads `document` while it loads. These
      // module-scoped stand-ins are used only where the globals are missing (the module build leaves this to
      // lit's own Node build, which a server resolves); nothing is written to globalThis, and index.ts
      // registers the element only where `customElements` exists.
      intro: [
        'const HTMLElement = globalThis.HTMLElement ?? class {};',
        'const document = globalThis.document ?? { createTreeWalker: () => ({}), createComment: () => ({}) };',
      ].join('\n'),
    },
  },
];
