/**
 * The element's styles for the document its shadow root is in now. Lit adopts constructed stylesheets made
 * in this module's document; a shadow root may only adopt sheets of its own document, so moved into another
 * one (an iframe's, a window the page opened) it lost them all (the browser drops them on adoption), and
 * first rendered there lit's `adoptStyles` throws. Elsewhere than this module's document the shadow root gets
 * copies made by that document's own `CSSStyleSheet` (one set per document, shared by its elements; a
 * constructed sheet, so a CSP `style-src` needs nothing more); back home, lit's sheets again. The list is
 * replaced, never added to, so moving back and forth never doubles a style.
 */
import { adoptStyles, supportsAdoptingStyleSheets } from 'lit';
import type { CSSResultOrNative } from 'lit';

const copies = new WeakMap<Document, Map<CSSResultOrNative, CSSStyleSheet>>();

/** Whether lit's own `adoptStyles` can style a shadow root of `doc` (it also does where sheets cannot be adopted: `<style>` elements, which move with the root). */
export function litCanStyle(doc: Document): boolean {
  return !supportsAdoptingStyleSheets || doc === document;
}

/** Gives `root` the `styles` as sheets its document accepts; the ones it had are replaced. */
export function applyStyles(root: ShadowRoot, styles: CSSResultOrNative[]): void {
  const doc = root.ownerDocument;
  if (litCanStyle(doc)) {
    if (supportsAdoptingStyleSheets) adoptStyles(root, styles);
    return;
  }
  const Sheet = doc.defaultView?.CSSStyleSheet;
  if (!Sheet) {
    root.adoptedStyleSheets = []; // a document without a window renders nothing; styled again when it moves on
    return;
  }
  let own = copies.get(doc);
  if (!own) copies.set(doc, (own = new Map()));
  const sheets = own;
  root.adoptedStyleSheets = styles.map((style) => {
    let sheet = sheets.get(style);
    if (!sheet) {
      sheet = new Sheet();
      sheet.replaceSync(cssText(style));
      sheets.set(style, sheet);
    }
    return sheet;
  });
}

function cssText(style: CSSResultOrNative): string {
  return style instanceof CSSStyleSheet ? Array.from(style.cssRules, (rule) => rule.cssText).join('\n') : style.cssText;
}
