// Rollup plugin: shrinks the static text of lit's css`…` and html`…` templates in our sources (the module
// build ships them as they are, and no page's bundler minifies the text inside a template literal).
//   - css`…` (no `${}`): comments go, each line's indentation goes, and the spaces around { } ; , and after
//     : go (never before `:`, where a space is a descendant combinator: `a :focus`);
//   - html`…`: each line's indentation goes (a whitespace text node stays a whitespace text node).
// Newlines are kept, so every line of the file keeps its number and the source map its lines.
const TAG = /\b(css|html)\s*`/g; // TypeScript writes `css \``

/** The static parts of the template literal whose text starts at `i` (after the backtick): [start, end) pairs, and its end. */
function scanTemplate(code, i) {
  const parts = [];
  let start = i;
  while (i < code.length) {
    const ch = code[i];
    if (ch === '\\') i += 2;
    else if (ch === '`') return { parts: [...parts, [start, i]], end: i + 1 };
    else if (ch === '$' && code[i + 1] === '{') {
      parts.push([start, i]);
      i = scanExpression(code, i + 2);
      start = i;
    } else i++;
  }
  throw new Error('minify-literals: unterminated template literal');
}

/** The index after the `}` that closes the `${` expression starting at `i`. */
function scanExpression(code, i) {
  for (let depth = 0; i < code.length; i++) {
    const ch = code[i];
    if (ch === '{') depth++;
    else if (ch === '}' && depth-- === 0) return i + 1;
    else if (ch === '`') i = scanTemplate(code, i + 1).end - 1;
    else if (ch === '"' || ch === "'") while (code[++i] !== ch) if (code[i] === '\\') i++;
  }
  throw new Error('minify-literals: unterminated ${} expression');
}

const newlines = (s) => s.replace(/[^\n]/g, '');
const minifyHtml = (text) => text.replace(/\n[ \t]+/g, '\n');
const minifyCss = (text) => text
  .replace(/\/\*[\s\S]*?\*\//g, newlines)
  .replace(/\s+/g, (s) => (s.includes('\n') ? newlines(s) : ' '))
  .replace(/\s*([{};,])\s*/g, (s, c) => c + newlines(s))
  .replace(/:[ ]+/g, ':')
  .replace(/;(\s*)}/g, '$1}');

export function minifyLiterals({ include = /\/src\/.*\.ts$/ } = {}) {
  return {
    name: 'minify-literals',
    transform(code, id) {
      if (!include.test(id) || !code.match(TAG)) return null;
      let out = '', last = 0;
      for (const match of code.matchAll(TAG)) {
        const from = match.index + match[0].length;
        if (from < last) continue; // inside a template already handled
        const { parts, end } = scanTemplate(code, from);
        if (match[1] === 'css' && parts.length > 1) continue; // css with ${}: left as it is
        for (const [a, b] of parts) out += code.slice(last, a) + (match[1] === 'css' ? minifyCss : minifyHtml)(code.slice(a, b)), last = b;
        out += code.slice(last, end); last = end;
      }
      out += code.slice(last);
      return out === code ? null : { code: out, map: null }; // lines unchanged: the next plugin's map holds
    },
  };
}
