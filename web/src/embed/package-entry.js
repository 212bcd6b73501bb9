// The npm package's "./components" (dist/components/index.js, copied there by scripts/build.sh `embed`):
// the DOM check first, then the element bundle. ES modules run their imports in order, so outside a
// browser the check throws, in one line, before the bundle runs; without it the import would succeed
// and the first element to load would fail inside minified code with "HTMLElement is not defined".
import './dom-guard.js';
export * from './ap-components.js';
