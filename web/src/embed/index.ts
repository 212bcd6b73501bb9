// The embed bundle's entry (built by web/embed.vite.config.js into build/site/embed/ap-components.js and
// shipped as the npm package's "./components"). It is small: it starts the page's one fetch and
// streaming compile of engine.wasm, and loads each <ap-*> element's code when the tag first appears in
// the document (registry.ts); elements that train start their Worker only when they train.
// All elements on a page share one engine (components/engine-context.ts); call provideEngine() in the
// module that imports this one (before any element connects) to use an engine created with custom
// options (e.g. a wasmUrl): the default .wasm is then not fetched.
import type { Engine } from '../engine/index.js';
import { getEngine as pageEngine, prefetchEngine } from '../components/engine-context.js';
import { setLang } from '../i18n/index.js';
import { observeElements } from './registry.js';

export { provideEngine } from '../components/engine-context.js';

/** The page's one engine, with all its methods (its training code loads with it; the elements that only plot skip that). */
export function getEngine(): Promise<Engine> {
  return pageEngine({ training: true });
}
export { setLang } from '../i18n/index.js';
export { loadElement, observeElements, TAGS } from './registry.js';

if (typeof document !== 'undefined') {
  // The elements speak the page's language: <html lang="zh-CN"> (any zh) gives Simplified Chinese.
  if (/^zh\b/i.test(document.documentElement.lang)) setLang('zh');
  // After the importing module's body (a provideEngine call there comes first), before any element's code.
  queueMicrotask(() => {
    prefetchEngine();
    observeElements(document);
  });
}
