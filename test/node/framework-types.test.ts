// The framework typings (frameworks/*.d.ts: `spatius-avatar/react`, `spatius-avatar/vue`) are hand-written on
// top of the element's declarations; their value types and events come from the element's class and event map,
// their names from the lists in frameworks/element-props.d.ts. These tests keep those lists in step with the
// element (custom-elements.json) and the package's exports. test/types/consumer/ checks the typings compile.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MANIFEST_PATH } from '../../scripts/reference.mjs';

interface Attribute { name: string; fieldName?: string }
interface Member { kind: string; name: string; static?: boolean; readonly?: boolean; privacy?: string; attribute?: string }
interface Manifest { modules: { declarations?: { customElement?: boolean; attributes?: Attribute[]; members?: Member[] }[] }[] }

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Manifest;
const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.customElement);
const attributes = element?.attributes ?? [];
/** Public fields a page can write that have no attribute (`tokenSource`). */
const propertyOnly = (element?.members ?? [])
  .filter((m) => m.kind === 'field' && !m.static && !m.readonly && !m.privacy && !m.attribute)
  .map((m) => m.name);
const props = readFileSync(new URL('frameworks/element-props.d.ts', root), 'utf8');

/** The string literals of `export type <name> = 'a' | 'b' …;`. */
function unionOf(name: string): string[] {
  const m = new RegExp(`export type ${name} =([^;]*);`).exec(props);
  assert.ok(m, `${name} not found in element-props.d.ts`);
  return [...m[1]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!);
}

/** The keys of `export interface <name> { … }`. */
function keysOf(name: string): string[] {
  const m = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(props);
  assert.ok(m, `${name} not found in element-props.d.ts`);
  return [...m[1]!.matchAll(/'([^']+)'\?:/g)].map((x) => x[1]!);
}

// Read-only host attributes (a page's write is undone): not props in any framework.
const READ_ONLY = ['state', 'error-code', 'agent-state', 'speaking'];

test('every settable attribute and writable property of the element is a typed property, and a dashed one also an attribute', () => {
  assert.ok(attributes.length > 10, 'the manifest lists the attributes');
  assert.ok(propertyOnly.includes('tokenSource'), 'the manifest lists tokenSource as a writable field without an attribute');
  const properties = unionOf('SpatiusAvatarPropertyName');
  const dashed = keysOf('SpatiusAvatarDashedAttributes');
  const settable = attributes.filter((a) => !READ_ONLY.includes(a.name));
  assert.deepEqual([...properties].sort(), [...settable.map((a) => a.fieldName), ...propertyOnly].sort(), 'SpatiusAvatarPropertyName lists every writable property');
  assert.deepEqual([...dashed].sort(), settable.filter((a) => a.name !== a.fieldName).map((a) => a.name).sort(), 'SpatiusAvatarDashedAttributes lists every attribute named unlike its property');
  for (const name of READ_ONLY) assert.ok(attributes.some((a) => a.name === name), `${name} is still an attribute (or drop it from READ_ONLY)`);
});

test('package.json exports spatius-avatar/react and spatius-avatar/vue as shipped type files', () => {
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { exports: Record<string, { types?: string }>; files: string[] };
  for (const entry of ['./react', './vue']) {
    const types = pkg.exports[entry]?.types;
    assert.ok(types, `${entry} has a types condition`);
    assert.ok(existsSync(new URL(types, root)), `${types} exists`);
    assert.ok(pkg.files.some((f) => types.replace(/^\.\//, '').startsWith(`${f}/`)), `${types} is in "files"`);
  }
});
