// The build's minification of lit's css`…` and html`…` template text (scripts/rollup/minify-literals.mjs):
// shorter, the same rules and markup, and every line where it was (the source map's lines hold).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { minifyLiterals } from '../../../scripts/rollup/minify-literals.mjs';

const ID = '/repo/src/element/x.ts';
const run = (code: string, id = ID) => minifyLiterals().transform(code, id)?.code ?? code;
const lines = (s: string) => s.split('\n').length;

test('css: comments, indentation and the spaces around { } ; , and after : go; a descendant :pseudo keeps its space', () => {
  const code = "const s = css`\n  /* a comment\n     on two lines */\n  :host([hidden]) [part~='a'] :focus,\n  .b {\n    color: rgba(0, 0, 0, 0.8);\n    margin: 0 1px;\n  }\n`;\n";
  const out = run(code);
  assert.equal(out, "const s = css`\n\n\n:host([hidden]) [part~='a'] :focus,\n.b{\ncolor:rgba(0,0,0,0.8);\nmargin:0 1px\n}\n`;\n");
  assert.equal(lines(out), lines(code));
});

test('css with ${} is left as it is; html loses its indentation only, inside ${} nothing changes', () => {
  const withExpression = 'const s = css`\n  a { color: ${red}; }\n`;';
  assert.equal(run(withExpression), withExpression);
  const code = 'return html `<div a=${x}>\n    <b>${y ? html`\n      <i>` : `\n      kept`}</b>\n  </div>`;';
  assert.equal(run(code), 'return html `<div a=${x}>\n<b>${y ? html`\n      <i>` : `\n      kept`}</b>\n</div>`;');
});

test('only our sources, and a file without templates is not touched', () => {
  assert.equal(minifyLiterals().transform('css`\n  a { }`', '/repo/node_modules/lit/x.js'), null);
  assert.equal(minifyLiterals().transform('const a = `\n  text`;', ID), null);
});

test('the element\'s styles and template: shorter, every line kept', () => {
  for (const file of ['styles.ts', 'spatius-avatar.ts']) {
    const code = readFileSync(new URL(`../../../src/element/${file}`, import.meta.url), 'utf8');
    const out = run(code);
    assert.ok(out.length < code.length - 50, `${file}: ${code.length} -> ${out.length}`);
    assert.equal(lines(out), lines(code), file);
  }
});
