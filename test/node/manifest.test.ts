// custom-elements.json (npm run analyze) describes what the package ships, and docs/reference.md is made
// from it: no source paths, no internals, typed events and attributes, every part and slot the element's
// template has, and a reference page that matches the manifest.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MANIFEST_PATH, REFERENCE_PATH, renderReference } from '../../scripts/reference.mjs';
import { publicSurface } from '../../custom-elements-manifest.config.mjs';

interface Named { name: string; description?: string; type?: { text: string }; default?: string }
interface Member extends Named { kind: string; privacy?: string; static?: boolean }
interface Declaration extends Named {
  kind: string;
  customElement?: boolean;
  tagName?: string;
  members?: Member[];
  attributes?: (Named & { fieldName?: string })[];
  events?: Named[];
  cssParts?: Named[];
  slots?: Named[];
  cssProperties?: Named[];
}
interface Manifest { modules: { path: string; declarations?: Declaration[]; exports?: { kind: string; name: string; declaration: { name: string; module?: string } }[] }[] }

const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Manifest;
const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.customElement);
const ELEMENT_DIR = fileURLToPath(new URL('../../src/element/', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { files: string[] };

/** Every value of a `path` or `module` key in the manifest. */
function paths(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => paths(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'path' || key === 'module') && typeof value === 'string') out.push(value);
      else paths(value, out);
    }
  }
  return out;
}

test('the manifest describes <spatius-avatar>', () => {
  assert.ok(element, 'a custom element declaration');
  assert.equal(element.tagName, 'spatius-avatar');
  const definitions = manifest.modules.flatMap((m) => m.exports ?? []).filter((e) => e.kind === 'custom-element-definition');
  assert.deepEqual(definitions.map((d) => [d.name, d.declaration.name]), [['spatius-avatar', element.name]]);
});

test('module paths are files the package ships, never sources', () => {
  const all = paths(manifest);
  assert.ok(all.length > 0);
  for (const p of all) {
    assert.doesNotMatch(p, /(^|\/)src\/|\.ts$/, `${p} is a source path`);
    assert.ok(PACKAGE.files.some((f) => p === f || p.startsWith(`${f}/`)), `${p} is not in package.json "files"`);
  }
});

test('only the public API: no private or protected members, no internal helpers', () => {
  const declarations = manifest.modules.flatMap((m) => m.declarations ?? []);
  for (const internal of ['parseBoolean', 'parseMilliseconds', 'parseChoice', 'emit', 'FaceStage']) {
    assert.ok(!declarations.some((d) => d.name === internal), `${internal} is internal`);
  }
  for (const d of declarations) {
    for (const m of d.members ?? []) {
      assert.ok(m.privacy !== 'private' && m.privacy !== 'protected', `${d.name}.${m.name} is ${m.privacy}`);
      assert.doesNotMatch(m.name, /^[_#]/, `${d.name}.${m.name}`);
    }
  }
});

test('every event has a detail type', () => {
  assert.ok(element?.events?.length, 'events');
  for (const e of element.events) {
    assert.match(e.type?.text ?? '', /^(CustomEvent<.+>|Event)$/, `event ${e.name} has no type`);
    assert.ok(e.description, `event ${e.name} has no description`);
  }
});

test('every attribute has a type, and no default is a field initialiser standing for "unset"', () => {
  assert.ok(element?.attributes?.length, 'attributes');
  for (const a of element.attributes) {
    assert.ok(a.type?.text, `attribute ${a.name} has no type`);
    assert.ok(a.default !== 'null' && a.default !== 'undefined', `attribute ${a.name} default ${a.default}`);
  }
});

test("every part and named slot in the element's template is documented", () => {
  const sources = readdirSync(ELEMENT_DIR).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(ELEMENT_DIR + f, 'utf8')).join('\n');
  const parts = new Set([...sources.matchAll(/\spart=["']([\w\s-]+)["']/g)].flatMap((m) => m[1]!.split(/\s+/).filter(Boolean)));
  const slots = new Set([...sources.matchAll(/<slot\s+name=["']([\w-]+)["']/g)].map((m) => m[1]));
  assert.ok(parts.size > 0, 'the template has parts');
  const documentedParts = new Set(element?.cssParts?.map((p) => p.name));
  for (const p of parts) assert.ok(documentedParts.has(p!), `part="${p}" is not in the manifest (@csspart)`);
  const documentedSlots = new Set(element?.slots?.map((s) => s.name));
  for (const s of slots) assert.ok(documentedSlots.has(s!), `<slot name="${s}"> is not in the manifest (@slot)`);
});

test('docs/reference.md is the manifest rendered (npm run analyze writes both)', () => {
  assert.equal(readFileSync(REFERENCE_PATH, 'utf8'), renderReference(manifest));
});

test('spatius-avatar/element (dist/element.js) holds the class and registers nothing; spatius-avatar (dist/index.js) registers it', () => {
  const byPath = new Map(manifest.modules.map((m) => [m.path, m]));
  const sideEffectFree = byPath.get('dist/element.js');
  const registering = byPath.get('dist/index.js');
  assert.ok(sideEffectFree && registering, 'both entries are in the manifest');
  assert.ok(sideEffectFree.declarations?.some((d) => d.customElement && d.name === element?.name), 'the class is declared in dist/element.js');
  assert.deepEqual(sideEffectFree.exports?.filter((e) => e.kind === 'custom-element-definition'), []);
  const definition = registering.exports?.find((e) => e.kind === 'custom-element-definition');
  assert.deepEqual(definition?.declaration, { name: element?.name, module: 'dist/element.js' });
  const reExport = registering.exports?.find((e) => e.kind === 'js' && e.name === element?.name);
  assert.deepEqual(reExport?.declaration, { name: element?.name, module: 'dist/element.js' });
});

test("the manifest plugin follows an entry's `export * from` (src/index.ts re-exports src/element/index.ts's list)", () => {
  const analyzed: Manifest = {
    modules: [
      { path: 'src/element/x-el.ts', declarations: [{ kind: 'class', name: 'XEl', customElement: true, tagName: 'x-el' }], exports: [{ kind: 'js', name: 'XEl', declaration: { name: 'XEl', module: 'src/element/x-el.ts' } }] },
      { path: 'src/element/index.ts', exports: [
        { kind: 'js', name: 'XEl', declaration: { name: 'XEl', module: './x-el.js' } },
        { kind: 'js', name: '*', declaration: { name: '*', module: 'src/core/types-only.js' } }, // `export type *`: not analyzed
      ] },
      { path: 'src/index.ts', declarations: [{ kind: 'variable', name: 'TAG' }], exports: [
        { kind: 'js', name: 'TAG', declaration: { name: 'TAG', module: 'src/index.ts' } },
        { kind: 'js', name: '*', declaration: { name: '*', module: 'src/element/index.js' } },
      ] },
    ],
  };
  publicSurface({ entries: { 'src/element/index.ts': { path: 'dist/element.js', defines: false }, 'src/index.ts': { path: 'dist/index.js', defines: true } } })
    .packageLinkPhase({ customElementsManifest: analyzed });
  const index = analyzed.modules.find((m) => m.path === 'dist/index.js');
  assert.deepEqual(index?.exports?.map((e) => [e.kind, e.name, e.declaration.module]), [
    ['js', 'TAG', 'dist/index.js'],
    ['js', 'XEl', 'dist/element.js'],
    ['custom-element-definition', 'x-el', 'dist/element.js'],
  ]);
});
