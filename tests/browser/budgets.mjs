// Byte budgets of a cold page load (response bodies as served, uncompressed), in one place:
// tests/browser/lazy-load.test.mjs asserts them and bench/coldstart.mjs prints the same bytes. Lower a
// budget when a change makes its part smaller, so that nothing grows back unnoticed.
export const BUDGETS = {
  /** engine.wasm, as on main at a9aaeae. Issue 16's target for it is 300 KB. */
  wasm: 352_576,
  /** Everything else a plain page with one <ap-activation-plot> fetches: the HTML, the embed script and its chunks. */
  onePlotRest: 180_000,
  /** Everything else the playground's first view (Explore) fetches: HTML, CSS, the JS of Explore and the shell.
   *  208,094 B measured with the npm package's Symbol.dispose, inspect forms and Batch message (about 1 KB of engine JS). */
  playgroundRest: 208_100,
};

/** Issue 16's targets for the whole page, .wasm included. */
export const TARGETS = { onePlot: 400 * 1024, playground: 550 * 1024 };
