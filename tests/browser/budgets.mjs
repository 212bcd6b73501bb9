// Byte budgets of a cold page load (response bodies as served, uncompressed), in one place:
// tests/browser/lazy-load.test.mjs asserts them and bench/coldstart.mjs prints the same bytes. Lower a
// budget when a change makes its part smaller, so that nothing grows back unnoticed. The JS budgets are
// a few KB above what main fetched at 71f994a (178,730 and 206,808 bytes): they catch code that should
// have loaded later (a chunk of tens of KB), not a few more lines.
export const BUDGETS = {
  /** engine.wasm after issue 16's third round (README, "Engine size": the -Oz sources as LTO bitcode, no scalar
   *  kernels in the SIMD128 engine, linear_map -Oz and the MLP's diagnostics AP_COLD), 341,329 B before it,
   *  322,825 B after it; +135 B for engine.limits.maxHeapBytes (the heap maximum written once, with the bindings'
   *  heap message without its formatted number). Issue 16's target is 300 KB. */
  wasm: 322_960,
  /** Everything else a plain page with one <ap-activation-plot> fetches: the HTML, the embed script and its chunks.
   *  184,353 B measured once contracts-web, npm-first-hour, fuzz and test-honesty were merged (loadONNX's graph checks, the Symbol.dispose and
   *  inspect forms, the worker option checks): the ONNX/PyTorch/JS writers and readers still ship with the
   *  engine's JS, as export() and loadONNX() are synchronous methods. */
  onePlotRest: 185_000,
  /** Everything else the playground's first view (Explore) fetches: HTML, CSS, the JS of Explore and the shell
   *  (211,555 B measured then). */
  playgroundRest: 212_500,
};

/** Issue 16's targets for the whole page, .wasm included. */
export const TARGETS = { onePlot: 400 * 1024, playground: 550 * 1024 };
