// Byte budgets of a cold page load (response bodies as served, uncompressed), in one place:
// tests/browser/lazy-load.test.mjs asserts them and bench/coldstart.mjs prints the same bytes. Lower a
// budget when a change makes its part smaller, so that nothing grows back unnoticed. The JS budgets are
// a few KB above what main fetched at 71f994a (178,730 and 206,808 bytes): they catch code that should
// have loaded later (a chunk of tens of KB), not a few more lines.
export const BUDGETS = {
  /** engine.wasm as the wasm-size branch left it (README, "Engine size"), plus 457 B for evaluate()'s check
   *  of non-finite outputs (accuracy NaN for a diverged network). Issue 16's target for it is 300 KB. */
  wasm: 336_748,
  /** Everything else a plain page with one <ap-activation-plot> fetches: the HTML, the embed script and its chunks. */
  onePlotRest: 182_000,
  /** Everything else the playground's first view (Explore) fetches: HTML, CSS, the JS of Explore and the shell. */
  playgroundRest: 210_000,
};

/** Issue 16's targets for the whole page, .wasm included. */
export const TARGETS = { onePlot: 400 * 1024, playground: 550 * 1024 };
