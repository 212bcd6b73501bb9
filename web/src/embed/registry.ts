// Elements loaded on first use: each ap-* tag maps to the import of its implementation, which defines
// the tag when it arrives. Until then an <ap-*> element on the page is a plain HTMLElement; the browser
// upgrades it in place when its class is defined, so its attributes, the listeners added to it and
// (lit saves them on upgrade) the properties set on it before the upgrade all carry over.
// Elements inside our elements' shadow roots need nothing here: each element imports those it renders.
import { describe } from '../engine/errors.js';

const ELEMENTS: Record<string, () => Promise<unknown>> = {
  'ap-activation-plot': () => import('../components/ap-activation-plot/ap-activation-plot.js'),
  'ap-compare': () => import('../components/ap-compare/ap-compare.js'),
  'ap-confusion': () => import('../components/ap-confusion/ap-confusion.js'),
  'ap-depth-sweep': () => import('../components/ap-depth-sweep/ap-depth-sweep.js'),
  'ap-dying-relu': () => import('../components/ap-dying-relu/ap-dying-relu.js'),
  'ap-explain': () => import('../components/ap-explain/ap-explain.js'),
  'ap-feature-space': () => import('../components/ap-feature-space/ap-feature-space.js'),
  'ap-formula': () => import('../components/ap-formula/ap-formula.js'),
  'ap-gradient-flow': () => import('../components/ap-gradient-flow/ap-gradient-flow.js'),
  'ap-heatmap': () => import('../components/ap-heatmap/ap-heatmap.js'),
  'ap-hidden-space': () => import('../components/ap-hidden-space/ap-hidden-space.js'),
  'ap-learnable-params': () => import('../components/ap-learnable-params/ap-learnable-params.js'),
  'ap-linear-collapse': () => import('../components/ap-linear-collapse/ap-linear-collapse.js'),
  'ap-loss-chart': () => import('../components/ap-loss-chart/ap-loss-chart.js'),
  'ap-network-diagram': () => import('../components/ap-network-diagram/ap-network-diagram.js'),
  'ap-param-sliders': () => import('../components/ap-param-sliders/ap-param-sliders.js'),
  'ap-playground': () => import('../components/ap-playground/ap-playground.js'),
  'ap-property-table': () => import('../components/ap-property-table/ap-property-table.js'),
  'ap-softmax-view': () => import('../components/ap-softmax-view/ap-softmax-view.js'),
  'ap-train-controls': () => import('../components/ap-train-controls/ap-train-controls.js'),
  'ap-xor-threshold-net': () => import('../components/ap-xor-threshold-net/ap-xor-threshold-net.js'),
};

/** Every tag this bundle defines. */
export const TAGS: readonly string[] = Object.freeze(Object.keys(ELEMENTS));

const loading = new Map<string, Promise<CustomElementConstructor>>();

/**
 * Loads the implementation of `tag` (once) and resolves to its class when the tag is defined. RangeError
 * for a tag this bundle does not have. A chunk that fails to load rejects, and a later call tries again.
 */
export function loadElement(tag: string): Promise<CustomElementConstructor> {
  if (typeof tag !== 'string') throw new TypeError(`loadElement: tag must be a string, got ${describe(tag)}`);
  const name = tag.toLowerCase();
  if (!Object.hasOwn(ELEMENTS, name)) throw new RangeError(`loadElement: tag must be one of ${TAGS.join(', ')}, got ${describe(tag)}`);
  const load = ELEMENTS[name];
  let p = loading.get(name);
  if (!p) {
    p = Promise.all([import('./shared.js'), load()]).then(() => customElements.whenDefined(name));
    loading.set(name, p);
    p.catch(() => { if (loading.get(name) === p) loading.delete(name); });
  }
  return p;
}

const SELECTOR = TAGS.join(',');

/** Loads every tag found in `root` or below it (an element itself included) that is not loaded yet. */
function scan(root: Element | Document | DocumentFragment): void {
  const found = new Set<string>();
  if (root instanceof Element && Object.hasOwn(ELEMENTS, root.localName)) found.add(root.localName);
  for (const el of root.querySelectorAll(SELECTOR)) found.add(el.localName);
  for (const tag of found) {
    if (loading.has(tag) || customElements.get(tag)) continue;
    // The error reaches the console as an unhandled rejection: the element stays an empty box otherwise.
    void loadElement(tag);
  }
}

/**
 * Watches `root` (the document, or a shadow root of the page's own): every ap-* tag already in it and
 * every one added later is loaded on first sight. Returns a function that stops watching.
 */
export function observeElements(root: Document | ShadowRoot = document): () => void {
  scan(root);
  const observer = new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) scan(n);
  });
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}
