// docs/reference.md from custom-elements.json: run by `npm run analyze` after the analyzer, so the page and
// the manifest never disagree (test/node/manifest.test.ts checks it). `renderReference(manifest)` is the
// whole page as a string.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MANIFEST_PATH = resolve(ROOT, 'custom-elements.json');
export const REFERENCE_PATH = resolve(ROOT, 'docs/reference.md');

/** A table cell: one line, pipes escaped (also inside code spans, as GitHub's tables need). */
const cell = (text) => (text ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
const code = (text) => (text ? `\`${text}\`` : '');

function table(head, rows) {
  if (!rows.length) return '';
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n') + '\n';
}

function section(title, body) {
  return body ? `\n### ${title}\n\n${body}` : '';
}

function signature(method) {
  const params = (method.parameters ?? []).map((p) => {
    const optional = p.optional || p.default !== undefined ? '?' : '';
    return `${p.rest ? '...' : ''}${p.name}${optional}${p.type?.text ? `: ${p.type.text}` : ''}`;
  });
  return `${method.name}(${params.join(', ')})${method.return?.type?.text ? `: ${method.return.type.text}` : ''}`;
}

function element(manifest, module, el) {
  const members = el.members ?? [];
  const attributeFields = new Set((el.attributes ?? []).map((a) => a.fieldName).filter(Boolean));
  const fields = members.filter((m) => m.kind === 'field' && !m.static && !attributeFields.has(m.name));
  const methods = members.filter((m) => m.kind === 'method' && !m.static);
  let out = `\n## \`<${el.tagName}>\`\n\n`;
  const others = manifest.modules.filter((m) => m !== module && m.exports?.some((e) => e.kind === 'js' && e.declaration.name === el.name)).map((m) => code(m.path));
  const definedBy = manifest.modules.filter((m) => m.exports?.some((e) => e.kind === 'custom-element-definition' && e.declaration.name === el.name)).map((m) => code(m.path));
  out += `\`${el.name}\`, exported by ${[code(module.path), ...others].join(' and ')}${el.superclass ? `, extends \`${el.superclass.name}\`` : ''}.`;
  out += definedBy.length ? ` Importing ${definedBy.join(' or ')} registers \`<${el.tagName}>\`; ${code(module.path)} registers nothing.\n` : '\n';
  if (el.description) out += `\n${el.description}\n`;
  out += section('Attributes', table(
    ['attribute', 'property', 'type', 'default', 'description'],
    (el.attributes ?? []).map((a) => [code(a.name), code(a.fieldName), code(a.type?.text), code(a.default), a.description]),
  ));
  out += section('Properties', table(
    ['property', 'type', '', 'description'],
    fields.map((f) => [code(f.name), code(f.type?.text), f.readonly ? 'read-only' : '', f.description]),
  ));
  out += section('Methods', table(['method', 'description'], methods.map((m) => [code(signature(m)), m.description])));
  out += section('Events', table(['event', 'type', 'description'], (el.events ?? []).map((e) => [code(e.name), code(e.type?.text), e.description])));
  out += section('Slots', table(['slot', 'description'], (el.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', s.description])));
  out += section('CSS parts', table(['part', 'description'], (el.cssParts ?? []).map((p) => [code(p.name), p.description])));
  out += section('CSS custom properties', table(
    ['property', 'default', 'description'],
    (el.cssProperties ?? []).map((p) => [code(p.name), code(p.default), p.description]),
  ));
  return out;
}

function otherExports(module, declarations) {
  const rows = declarations.map((d) => {
    const members = (d.members ?? []).filter((m) => !m.static).map((m) => code(m.name)).join(', ');
    const what = d.kind === 'class' ? `class${d.superclass ? ` extends \`${d.superclass.name}\`` : ''}${members ? `; ${members}` : ''}` : d.kind;
    const type = d.type?.text ? code(d.type.text) : d.default ? `= ${code(d.default)}` : '';
    return [code(d.name), [what, type].filter(Boolean).join(' '), d.description];
  });
  return section(`Also exported by \`${module.path}\``, table(['name', 'kind', 'description'], rows));
}

export function renderReference(manifest) {
  let out = '<!-- Generated from custom-elements.json by scripts/reference.mjs (npm run analyze). Do not edit. -->\n';
  out += '\n# Reference\n\nThe element and what the package exports beside it, as `custom-elements.json` (the manifest the\nbuild generates) describes them.\n';
  for (const module of manifest.modules) {
    const declarations = module.declarations ?? [];
    for (const el of declarations.filter((d) => d.customElement)) out += element(manifest, module, el);
    out += otherExports(module, declarations.filter((d) => !d.customElement));
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'));
  writeFileSync(REFERENCE_PATH, renderReference(manifest));
  console.log(`wrote ${REFERENCE_PATH}`);
}
