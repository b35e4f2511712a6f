/** The rollup plugin (minify-literals.mjs), for test/node/build/minify-literals.test.ts. */
export declare function minifyLiterals(options?: { include?: RegExp }): {
  name: string;
  transform(code: string, id: string): { code: string; map: null } | null;
};
