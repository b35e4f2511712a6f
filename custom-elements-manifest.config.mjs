// The custom elements manifest (custom-elements.json), as the package ships it: `npm run analyze` (which then
// writes docs/reference.md from it with scripts/reference.mjs; test/node/manifest.test.ts checks both).
//
// The analyzer reads the sources; this config's plugin turns what it found into the package's public
// surface:
//   - one module per shipped entry point that exports the element (`dist/element.js`, the file
//     `spatius-avatar/element` resolves to, then `dist/index.js`, `spatius-avatar`), holding the runtime
//     values that entry exports, `export * from` followed (type-only exports are not in a manifest): no
//     `src/*.ts` paths, no internal helpers. A declaration lives in the first entry that exports it; a later entry re-exports it (its
//     export points at that module). Only an entry marked `defines` gets the `custom-element-definition`
//     (`dist/element.js` registers nothing);
//   - public members only (no private or protected members, nothing named `_x` or `#x`);
//   - attribute types and defaults from the element's JSDoc `@attr`, which win over what the analyzer
//     infers from the property (a `string | null` field whose `null` means "the default" showed `null`).
//
// The JSDoc the element's class comment uses (the analyzer reads all but @attr itself; the plugin re-reads
// @attr after the Lit plugin has merged the field into it):
//   @tag spatius-avatar
//   @attr {'on' | 'off'} [jitter-buffer=on] - Description.    a union type and the attribute's default
//   @attr {number} [max-buffer-delay=80] - Description.       (the value as written in HTML, unquoted)
//   @attr {string} url - Description.                         no default: absent means unset
//   @attr {boolean} manual - Description.
//   @fires {CustomEvent<{ room: string }>} connected - Description.       the event's type, detail included
//   @fires {CustomEvent<ErrorDetail>} error - Description.                (named types: exported by index)
//   @slot audio-blocked - Description.                        (`@slot - Description.` for the default slot)
//   @csspart audio - Description.
//   @cssproperty [--spatius-avatar-background=#dfe9f3] - Description.     default optional
// Properties and methods come from the class members and their own JSDoc (`/** Description. */`).

/**
 * Source entry -> the file it ships as (rollup.config.mjs: input `element` is `src/element/index.ts`, `index`
 * is `src/index.ts`), and whether importing it registers the tag.
 */
const ENTRIES = {
  'src/element/index.ts': { path: 'dist/element.js', defines: false },
  'src/index.ts': { path: 'dist/index.js', defines: true },
};

export default {
  globs: ['src/index.ts', 'src/element/**/*.ts', 'src/codec/blendshapes.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
  plugins: [publicSurface({ entries: ENTRIES })],
};

/**
 * Keeps what the package ships and documents it from the JSDoc.
 * @param {{ entries: Record<string, { path: string, defines: boolean }> }} options
 */
export function publicSurface({ entries }) {
  /** class name -> attribute docs from its JSDoc `@attr` tags */
  const jsDocAttributes = new Map();
  return {
    name: 'spatius-public-surface',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const attrs = [];
      for (const tag of ts.getJSDocTags(node)) {
        const tagName = tag.tagName.text;
        if (tagName !== 'attr' && tagName !== 'attribute') continue;
        const parsed = parseTag(commentText(tag.comment));
        if (parsed) attrs.push(parsed);
      }
      if (attrs.length) jsDocAttributes.set(node.name.text, attrs);
    },
    packageLinkPhase({ customElementsManifest: manifest }) {
      const modules = manifest.modules;
      const byPath = new Map(modules.map((m) => [m.path, m]));
      /** Finds the declaration an export points at: in the named module, else the only one of that name. */
      const resolve = (name, modulePath) => {
        const own = byPath.get(modulePath)?.declarations?.find((d) => d.name === name);
        if (own) return own;
        const all = modules.flatMap((m) => m.declarations ?? []).filter((d) => d.name === name);
        return all.length === 1 ? all[0] : undefined;
      };
      /**
       * A module's `js` exports with each `export * from` replaced by that module's own (recursively, in
       * order), and the module each came from: src/index.ts re-exports src/element/index.ts's list.
       */
      const jsExports = (path, seen = new Set()) => {
        if (seen.has(path)) return [];
        seen.add(path);
        return (byPath.get(path)?.exports ?? []).flatMap((exp) => {
          if (exp.kind !== 'js') return [];
          if (exp.name !== '*') return [{ exp, from: path }];
          const target = sourceOf(exp.declaration?.module ?? '');
          // not analyzed (globs): `export type *` of types only (src/core/event-details.ts), nothing to list
          return byPath.has(target) ? jsExports(target, seen) : [];
        });
      };
      const shipped = [];
      /** declaration -> the shipped module that holds it (the first entry that exports it) */
      const owner = new Map();
      for (const [source, { path: target, defines }] of Object.entries(entries)) {
        const entry = byPath.get(source);
        if (!entry) throw new Error(`custom-elements-manifest.config.mjs: entry ${source} was not analyzed (globs)`);
        const declarations = [];
        const exported = [];
        const exports = [];
        for (const { exp, from } of jsExports(source)) {
          const declaration = resolve(exp.declaration?.name ?? exp.name, exp.declaration?.module === from ? from : '');
          if (!declaration) continue; // a type-only export (the manifest lists runtime values only)
          if (!owner.has(declaration)) {
            owner.set(declaration, target);
            declarations.push(declaration);
          }
          if (!exported.includes(declaration)) exported.push(declaration);
          exports.push({ kind: 'js', name: exp.name, declaration: { name: declaration.name, module: owner.get(declaration) } });
        }
        if (defines) {
          for (const declaration of exported) {
            if (declaration.customElement && declaration.tagName) {
              exports.push({ kind: 'custom-element-definition', name: declaration.tagName, declaration: { name: declaration.name, module: owner.get(declaration) } });
            }
          }
        }
        shipped.push({ kind: 'javascript-module', path: target, declarations, exports });
      }
      const shippedNames = new Map(shipped.flatMap((m) => m.declarations.map((d) => [d.name, m.path])));
      for (const module of shipped) {
        for (const declaration of module.declarations) publicOnly(declaration, jsDocAttributes.get(declaration.name));
      }
      manifest.modules = shipped;
      relink(manifest, shippedNames);
    },
  };
}

/** Drops non-public members and applies the JSDoc `@attr` documentation to a declaration, in place. */
function publicOnly(declaration, attrs = []) {
  const isPublic = (m) => m.privacy !== 'private' && m.privacy !== 'protected' && !/^[_#]/.test(m.name);
  if (declaration.members) declaration.members = declaration.members.filter(isPublic);
  if (declaration.attributes) {
    const fields = new Set((declaration.members ?? []).map((m) => m.name));
    // an attribute backed by a private or protected field (the reflected `state`) stays, without the field
    for (const a of declaration.attributes) if (a.fieldName && !fields.has(a.fieldName)) delete a.fieldName;
    for (const doc of attrs) {
      let a = declaration.attributes.find((x) => x.name === doc.name);
      if (!a) declaration.attributes.push((a = { name: doc.name }));
      if (doc.type) a.type = { text: doc.type };
      if (doc.default !== undefined) a.default = doc.default;
      else if (doc.type) delete a.default; // the field's initial value says nothing about the attribute
      if (doc.description) a.description = doc.description;
    }
  }
}

/** Every `module` reference: shipped declarations point at their shipped module; other source paths go. */
function relink(node, shippedNames) {
  if (Array.isArray(node)) {
    node.forEach((n) => relink(n, shippedNames));
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (typeof node.module === 'string' && isSourcePath(node.module)) {
    const target = node.name && shippedNames.get(node.name);
    if (target) node.module = target;
    else {
      delete node.module;
      // a built-in superclass (Error): CEM's convention for globals
      if (node.name && globalThis[node.name] !== undefined && !node.package) node.package = 'global:';
    }
  }
  for (const value of Object.values(node)) relink(value, shippedNames);
}

/** The analyzed path of a module an export names (`/src/x.js`, `src/x.js` -> `src/x.ts`). */
const sourceOf = (module) => module.replace(/^\.?\//, '').replace(/\.js$/, '.ts');

const isSourcePath = (p) => /^\/?(\.\/)?(src\/|\.\.?\/)|\.ts$/.test(p);

function commentText(comment) {
  if (!comment) return '';
  if (typeof comment === 'string') return comment;
  return comment.map((part) => part.text ?? '').join('');
}

/**
 * Parses `{type} name - description`, `{type} [name=default] - description` or `name - description`
 * (the JSDoc the analyzer reads for @attr, @prop and @fires), with braces nested in the type.
 * @returns {{ name: string, type?: string, default?: string, description?: string } | undefined}
 */
export function parseTag(text) {
  let rest = text.trim();
  let type;
  if (rest.startsWith('{')) {
    let depth = 0, i = 0;
    for (; i < rest.length; i++) {
      if (rest[i] === '{') depth++;
      else if (rest[i] === '}' && --depth === 0) break;
    }
    if (depth !== 0) return undefined;
    type = rest.slice(1, i).trim();
    rest = rest.slice(i + 1).trim();
  }
  let name, def;
  const bracketed = /^\[([^\]=\s]+)(?:=([^\]]*))?\]/.exec(rest);
  if (bracketed) {
    name = bracketed[1];
    def = bracketed[2]?.trim();
    rest = rest.slice(bracketed[0].length);
  } else {
    const plain = /^([^\s]+)/.exec(rest);
    if (!plain) return undefined;
    name = plain[1];
    rest = rest.slice(plain[0].length);
  }
  const description = rest.trim().replace(/^-\s*/, '').replace(/\s*\n\s*/g, ' ').trim();
  return { name, type, default: def, description: description || undefined };
}
