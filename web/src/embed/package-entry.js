// The npm package's "./components" (dist/components/index.js, copied there by scripts/build.sh `embed`):
// the DOM check first, then the element bundle. ES modules run their imports in order, so outside a
// browser the check throws before the bundle runs (which would fail deep inside its one minified line,
// and Node would print that whole line: tens of kilobytes).
import './dom-guard.js';
export * from './ap-components.js';
