/**
 * Whether the element is in a page: in a document that has a window. An element can be connected to a
 * document with none (one made by `document.implementation.createHTMLDocument()`, or an iframe's document
 * once the iframe was removed): there its call, worker and canvas would go on with nothing to show them.
 */
export function inPage(element: Element): boolean {
  return element.isConnected && !!element.ownerDocument.defaultView;
}
