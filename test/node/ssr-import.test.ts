// Server-side rendering and tests in Node import the package where there is no DOM: every entry must load
// in plain Node without throwing, register the element only where a custom element registry exists, and
// register it once however many copies load. Each case runs in a fresh `node` (no DOM, no flags), on the
// built files in dist/ (`npm test` builds before the unit tests; run `npm run build` first on its own).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRIES = {
  'spatius-avatar': 'dist/index.js',
  'spatius-avatar/element': 'dist/element.js',
  'spatius-avatar/codec': 'dist/codec.js',
  'spatius-avatar/publisher': 'dist/publisher.js',
  'spatius-avatar/standalone': 'dist/spatius-avatar.standalone.js',
};

/** Runs `body` (an ES module) in a fresh Node in the repository; returns what it printed as JSON. */
function inNode(body: string): unknown {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', body], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** A module body that imports `files` in order and prints what the registry holds after each. */
const importing = (...files: string[]) => `
  const seen = [];
  for (const file of ${JSON.stringify(files)}) {
    const m = await import(new URL(file, 'file://${ROOT}').href);
    const registry = globalThis.customElements;
    const defined = registry?.get('spatius-avatar');
    seen.push({ file, exports: Object.keys(m).sort(), registry: registry !== undefined, defined: defined === undefined ? 'none' : defined === m.SpatiusAvatarElement ? 'this' : 'other', dom: typeof document });
  }
  console.log(JSON.stringify(seen));`;

interface Seen { file: string; exports: string[]; registry: boolean; defined: 'none' | 'this' | 'other'; dom: string }

test('the build is there', () => {
  for (const file of Object.values(ENTRIES)) assert.ok(existsSync(ROOT + file), `${file} is missing: run npm run build`);
});

for (const [name, file] of Object.entries(ENTRIES)) {
  test(`${name} (${file}) imports in plain Node without a DOM`, () => {
    const [seen] = inNode(importing(file)) as Seen[];
    assert.ok(seen, 'imported');
    assert.equal(seen.dom, 'undefined', 'no DOM');
    assert.ok(seen.exports.length > 0, 'exports something');
    if (name === 'spatius-avatar') {
      // lit's Node build provides a server-side registry (for lit's SSR): the element is registered there
      assert.equal(seen.registry, true);
      assert.equal(seen.defined, 'this');
    } else {
      // no entry but `spatius-avatar` registers anything; the standalone build (lit's browser build
      // inside) finds no registry in Node and registers nothing
      assert.equal(seen.defined, 'none', `${name} registered <spatius-avatar>`);
    }
  });
}

test('registration is idempotent: the element entry, the main entry twice (two module instances) and the standalone copy', () => {
  // `dist/index.js?again` runs the entry's guard a second time (the class is the same: it lives in a shared
  // chunk); the standalone file brings its own copy of the class, which must not replace the first.
  const seen = inNode(importing('dist/element.js', 'dist/index.js', 'dist/index.js?again', 'dist/spatius-avatar.standalone.js')) as Seen[];
  assert.deepEqual(seen.map((s) => s.defined), ['none', 'this', 'this', 'other'], 'the first registration stays');
});

test('spatius-avatar/element exports what spatius-avatar does, except the tag name', () => {
  const [element, main] = inNode(importing('dist/element.js', 'dist/index.js')) as Seen[];
  assert.deepEqual(element!.exports, main!.exports.filter((n) => n !== 'TAG_NAME'));
  assert.ok(element!.exports.includes('SpatiusAvatarElement'));
});
