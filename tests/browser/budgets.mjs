// Byte budgets of a cold page load (response bodies as served, uncompressed), in one place:
// tests/browser/lazy-load.test.mjs asserts them and bench/coldstart.mjs prints the same bytes. Lower a
// budget when a change makes its part smaller, so that nothing grows back unnoticed. The JS budgets are
// a KB or so above what was measured: they catch code that should have loaded later (a chunk of tens of
// KB), not a few more lines.
export const BUDGETS = {
  /** engine.wasm after issue 16's third round (README, "Engine size": the -Oz sources as LTO bitcode, no scalar
   *  kernels in the SIMD128 engine, linear_map -Oz and the MLP's diagnostics AP_COLD), 341,329 B before it,
   *  322,825 B after it; +135 B for engine.limits.maxHeapBytes (the heap maximum written once, with the bindings'
   *  heap message without its formatted number); +24 B for exporting stackSave/stackRestore (web/src/engine/stack.ts).
   *  299,118 B once the core returned errors as values and the engine was built without C++ exceptions
   *  (cpp/include/ap/status.h). Issue 16's target is 300 KB. */
  wasm: 299_118,
  /** Everything else a plain page with one <ap-activation-plot> fetches: the HTML, the embed script and its chunks.
   *  99,800 B measured once the engine's training half (networks, their ONNX/PyTorch/JS interop, data sets: engine/training.ts)
   *  and the heat maps' d3 colour maps left the embed's shared chunk (184,353 B before); 96,616 B once the first
   *  paint formatted numbers with web/src/plots/format.ts instead of d3-format; 91,717 B once the plot's strings
   *  (i18n/plot.ts) left the rest of Explore's (i18n/explore.ts, now with the property table, sliders, formula and
   *  softmax elements). */
  onePlotRest: 92_700,
  /** Everything else the playground's first view (Explore) fetches: HTML, CSS, the JS of Explore and the shell
   *  (148,217 B measured then, in seven requests rather than some twenty-five: web/chunks.js; 211,555 B before). */
  playgroundRest: 146_000,  // 145,017 B without d3-format on the first view
};

/** Issue 16's targets for the whole page, .wasm included. */
export const TARGETS = { onePlot: 400 * 1024, playground: 550 * 1024 };
