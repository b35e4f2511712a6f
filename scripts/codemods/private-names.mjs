// One-off codemod: TypeScript `private` class members (fields, methods, accessors, parameter properties) in
// the given folders become ECMAScript #private names, which every minifier renames (TS-private names stay in
// full in a minified bundle). Usage: node scripts/codemods/private-names.mjs src/element src/room
// It uses the TypeScript language service's rename over tsconfig.test.json (sources, tests, benches), and
// leaves a member alone (listed as skipped) if anything reaches it other than through `.name` inside its own
// file (`obj['name']`, a test). A parameter property becomes a field assigned first in the constructor; one
// that a field initializer reads is skipped (the initializer would run before the assignment).
// Run `npm run typecheck` and the tests after it.
import ts from 'typescript';
import { readFileSync, writeFileSync } from 'node:fs';

// `--unmarked`: also members with no modifier at all (public by default) whose every use is `this.name` /
// `x.name` inside their own class's body: internal classes only (skip files that export public API with
// `--skip file,...`); a decorated member, an interface's member and an overridden one are left alone.
const args = process.argv.slice(2);
const unmarked = args.includes('--unmarked');
const skipIdx = args.indexOf('--skip');
const skipFiles = skipIdx >= 0 ? args[skipIdx + 1].split(',') : [];
const dirs = args.filter((a, i) => !a.startsWith('--') && (skipIdx < 0 || i !== skipIdx + 1));
const cfg = ts.getParsedCommandLineOfConfigFile('tsconfig.test.json', {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } });
const files = new Map(cfg.fileNames.map((f) => [f, readFileSync(f, 'utf8')]));
const ls = ts.createLanguageService({
  getScriptFileNames: () => [...files.keys()], getScriptVersion: () => '1',
  getScriptSnapshot: (f) => { const t = files.get(f) ?? ts.sys.readFile(f); return t === undefined ? undefined : ts.ScriptSnapshot.fromString(t); },
  getCurrentDirectory: () => process.cwd(), getCompilationSettings: () => cfg.options, getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
  fileExists: ts.sys.fileExists, readFile: ts.sys.readFile, readDirectory: ts.sys.readDirectory, directoryExists: ts.sys.directoryExists, getDirectories: ts.sys.getDirectories,
});
const program = ls.getProgram();
const checker = program.getTypeChecker();
const edits = new Map();
const add = (f, e) => { if (!edits.has(f)) edits.set(f, []); edits.get(f).push(e); };
const skipped = [];
const isPrivate = (n) => (ts.getModifiers(n) ?? []).find((k) => k.kind === ts.SyntaxKind.PrivateKeyword);
const noModifiers = (n) => unmarked && !ts.canHaveDecorators(n) ? false : unmarked && (ts.getModifiers(n) ?? []).every((k) => k.kind === ts.SyntaxKind.ReadonlyKeyword)
  && !(ts.getDecorators(n) ?? []).length && (ts.isPropertyDeclaration(n) || ts.isMethodDeclaration(n));

for (const f of files.keys()) {
  const rel = f.slice(process.cwd().length + 1);
  if (!dirs.some((d) => rel.startsWith(d + '/')) || skipFiles.includes(rel)) continue;
  const sf = program.getSourceFile(f);
  const visit = (cls) => {
    if (ts.isClassLike(cls)) {
      // members
      for (const m of cls.members) {
        const priv = isPrivate(m);
        const bare = !priv && noModifiers(m);
        if ((!priv && !bare) || !m.name || !ts.isIdentifier(m.name) || ts.isConstructorDeclaration(m)) continue;
        const decl = m.name.getStart(sf);
        const locs = ls.findRenameLocations(f, decl, false, false, {}) ?? [];
        const inClass = (pos) => pos >= cls.getStart(sf) && pos < cls.getEnd();
        const bad = locs.filter((l) => l.fileName !== f || (l.textSpan.start !== decl && sf.text[l.textSpan.start - 1] !== '.')
          || (bare && !inClass(l.textSpan.start)));
        if (bad.length) { if (priv) skipped.push(`${rel} ${m.name.text}`); continue; }
        if (bare && locs.length < 2) continue; // never used: left to the type check's own rules
        for (const l of locs) add(f, { start: l.textSpan.start, end: l.textSpan.start + l.textSpan.length, text: '#' + m.name.text });
        if (priv) add(f, { start: priv.getStart(sf), end: priv.getEnd() + 1, text: '' });
      }
      // parameter properties
      const ctor = cls.members.find(ts.isConstructorDeclaration);
      const fields = [], assigns = [];
      for (const p of ctor?.parameters ?? []) {
        if (!isPrivate(p) || !ts.isIdentifier(p.name)) continue;
        const name = p.name.text, decl = p.name.getStart(sf);
        const readByInitializer = cls.members.some((m) => ts.isPropertyDeclaration(m) && m.initializer?.getText(sf).includes('this.' + name));
        const locs = ls.findRenameLocations(f, decl, false, false, {}) ?? [];
        const inCtor = (pos) => pos >= ctor.getStart(sf) && pos < ctor.getEnd();
        // `this.name` anywhere, or the parameter itself inside the constructor (left as it is)
        const bad = locs.filter((l) => l.fileName !== f || (l.textSpan.start !== decl && sf.text[l.textSpan.start - 1] !== '.' && !inCtor(l.textSpan.start)));
        if (bad.length || readByInitializer) { skipped.push(`${rel} ${name} (parameter${readByInitializer ? ', read by a field initializer' : ''})`); continue; }
        for (const l of locs) {
          if (l.textSpan.start !== decl && sf.text[l.textSpan.start - 1] === '.') add(f, { start: l.textSpan.start, end: l.textSpan.start + l.textSpan.length, text: '#' + name });
        }
        const mods = ts.getModifiers(p);
        add(f, { start: mods[0].getStart(sf), end: decl, text: '' });
        const readonly = mods.some((k) => k.kind === ts.SyntaxKind.ReadonlyKeyword) ? 'readonly ' : '';
        fields.push(`  ${readonly}#${name}: ${p.type ? p.type.getText(sf) : checker.typeToString(checker.getTypeAtLocation(p.name))};\n`);
        assigns.push(`this.#${name} = ${name};`);
      }
      if (fields.length) {
        const at = sf.text.lastIndexOf('\n', ctor.getStart(sf, true)) + 1;
        add(f, { start: at, end: at, text: fields.join('') + '\n' });
        const body = ctor.body;
        const sup = body.statements.find((s) => ts.isExpressionStatement(s) && ts.isCallExpression(s.expression) && s.expression.expression.kind === ts.SyntaxKind.SuperKeyword);
        if (body.statements.length === 0 && !body.getText(sf).includes('\n')) {
          add(f, { start: body.getStart(sf), end: body.getEnd(), text: `{\n${assigns.map((a) => '    ' + a).join('\n')}\n  }` });
        } else {
          const pos = sup ? sup.getEnd() : body.getStart(sf) + 1;
          add(f, { start: pos, end: pos, text: '\n' + assigns.map((a) => '    ' + a).join('\n') });
        }
      }
    }
    ts.forEachChild(cls, visit);
  };
  visit(sf);
}
for (const [f, es] of edits) {
  let t = files.get(f);
  es.sort((a, b) => b.start - a.start || b.end - a.end);
  for (const e of es) t = t.slice(0, e.start) + e.text + t.slice(e.end);
  writeFileSync(f, t);
  console.log('edited', f.slice(process.cwd().length + 1), es.length);
}
if (skipped.length) console.log('skipped:\n  ' + skipped.join('\n  '));
