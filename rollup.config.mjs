import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { workerUrl } from './scripts/rollup/worker-url.mjs';

const ts = (declarations, sourceMap = true) =>
  typescript({
    tsconfig: './tsconfig.json',
    declaration: declarations,
    declarationDir: declarations ? 'dist/types' : undefined,
    outDir: 'dist',
    sourceMap,
    noEmitOnError: true,
  });

export default [
  // For bundler users: lit and livekit-client stay external, the worker is its own file.
  {
    input: { index: 'src/index.ts', codec: 'src/codec/index.ts', element: 'src/element/spatius-avatar.ts', publisher: 'src/publisher/index.ts' },
    external: [/^lit($|\/)/, /^@lit\//, /^livekit-client($|\/)/],
    plugins: [workerUrl({ inline: false }), nodeResolve(), ts(true)],
    output: {
      dir: 'dist',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
    },
  },
  // For a <script type="module"> tag on a CMS page: everything in one file, the worker inlined.
  {
    input: 'src/index.ts',
    plugins: [
      workerUrl({ inline: true, plugins: () => [nodeResolve(), ts(false, false), terser()] }),
      nodeResolve({ browser: true }),
      ts(false),
      terser(),
    ],
    output: { file: 'dist/spatius-avatar.standalone.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
  },
];
