// Which chunk a module goes to, for both builds: vite.config.js (the playground) and web/embed.vite.config.js
// (the embed bundle). A cold page's first view should fetch a few chunks at once, none of which waits for
// another one it imports (a browser opens only six connections to an HTTP/1.1 server, and a dependency found
// in an arrived chunk costs one more round trip), and none of the code only other views use.

/** What a page's first script imports: the .wasm prefetch, the language switch, the page's engine context. */
export const BOOT = /\/web\/src\/engine\/(compile|errors)\.ts$|\/components\/engine-context\.ts$|\/i18n\/index\.ts$/;

/**
 * What only the training views and elements use: the engine's training half (engine/training.ts: networks,
 * their ONNX/PyTorch/JS interop, data sets), the Worker client, CSV parsing, the heat maps and loss charts
 * and their colour maps (and d3-format, which only d3-scale uses now: the first paint formats with
 * web/src/plots/format.ts). Left to the bundler, it goes with what uses it.
 */
const TRAINING_ONLY = /\/web\/src\/engine\/(training|create|network[a-z-]*|features|dataset|trainer-core|worker[a-z-]*|csv)\.ts$|\/web\/src\/engine\/interop\/|\/web\/src\/plots\/(heatmap|loss-chart)\.ts$|\/node_modules\/d3-(scale|interpolate|color|array|time|time-format|format)\//;

/** What every element needs: lit, the engine's core JS and its glue, the line plots, the components' helpers. */
const SHARED = [/\/web\/src\/embed\/shared\.ts$/, /\/node_modules\/(lit|lit-html|lit-element|@lit)\//, /\/web\/src\/(engine|plots|state)\//,
  /\/web\/src\/components\/[^/]+\.ts$/, /\/web\/src\/i18n\/(index|plot)\.ts$/];

/** True for a module of the shared chunk (not BOOT, not TRAINING_ONLY). */
export function isShared(id) {
  return !BOOT.test(id) && !TRAINING_ONLY.test(id) && SHARED.some((re) => re.test(id));
}

/** The elements of the playground's first view (Explore) and their strings (i18n/explore.ts), which its build puts with the shared modules. */
export const EXPLORE_ELEMENTS = /\/web\/src\/components\/(ap-activation-plot|ap-param-sliders|ap-property-table|ap-softmax-view|ap-formula)\/|\/web\/src\/i18n\/explore\.ts$/;
