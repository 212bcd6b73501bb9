// The fuzzing properties, seeded, as one list that tests/js/fuzz.test.mjs runs at test-command size and
// bench/fuzz.mjs at any size: each entry is a name, its share of the cases, and a function that builds
// its fast-check property from the shared setup (the engine, the bundled web modules).
import fc from 'fast-check';

import { apiContext, runs } from './api.mjs';
import { jsonMutation, savedNetworks } from './json.mjs';
import { graphMutation, onnxGraphContext } from './onnx-graph.mjs';
import { checkCsv, checkSettings, checkUrlState, csvCase, settingsCase, urlStateCase } from './text-parsers.mjs';
import { loadWebModules } from './web-modules.mjs';
import { checkWorkerRun, workerRuns } from './worker.mjs';

/** Shares of the cases (they sum to 1): the API sequences are the slowest and cover the most. */
export const PROPERTIES = [
  { name: 'api', share: 0.22, what: 'random sequences of up to 8 calls on the engine and its networks' },
  { name: 'loadNetwork', share: 0.16, what: 'engine.loadNetwork on mutations of saved networks' },
  { name: 'onnx-graph', share: 0.05, what: 'engine.loadONNX on structural mutations of exported graphs' },
  { name: 'worker', share: 0.1, what: 'random request sequences to the worker protocol (TrainerCore)' },
  { name: 'url-state', share: 0.22, what: 'UrlState on random tables, hashes and hash changes' },
  { name: 'settings', share: 0.1, what: "the Train settings' attribute and URL parsers" },
  { name: 'csv', share: 0.15, what: 'parseCsv on CSV text of points and mutations of it' },
];

/**
 * Loads what the properties need once: the engine (from the package given: createEngine, splitDataset,
 * TrainerCore, and `onnx`, its interop/onnx.js), its witness network, the web modules. After every API call
 * and every case the wasm stack pointer must be where it was (a call that throws used to leave part of the
 * stack behind, until the stack overran the static data). With `checkHeap` the engine must be the
 * heap-checking build (scripts/build.sh wasm-check): its allocator's regions are validated then too, and a
 * corrupt heap fails the call that corrupted it.
 */
export async function setup({ createEngine, splitDataset, TrainerCore, onnx }, { checkHeap = false } = {}) {
  const engine = await createEngine();
  const heapCheck = checkHeap ? heapChecker(engine) : undefined;
  const sp = engine.raw.stackSave();
  const engineCheck = (what) => {
    const now = engine.raw.stackSave();
    if (now !== sp) throw new Error(`the wasm stack pointer moved by ${sp - now} bytes after ${what}`);
    heapCheck?.(what);
  };
  const ctx = apiContext(engine, splitDataset, savedNetworks(engine), { engineCheck });
  const graphs = onnxGraphContext(engine, onnx, ctx.checkWitness, { engineCheck });
  const web = await loadWebModules();
  const checked = (name, predicate) => (...a) => {
    predicate(...a);
    engineCheck(`a case of ${name}`);
  };
  return {
    engine, ctx, graphs, web,
    property(name) {
      const p = (arb, predicate) => fc.property(...arb, checked(name, predicate));
      switch (name) {
        case 'api': return p([runs()], (calls) => ctx.run(calls));
        case 'loadNetwork': return p([fc.nat(), jsonMutation], (k, m) => ctx.load(k, m));
        case 'onnx-graph': return p([graphMutation], (m) => graphs.check(m));
        case 'worker': return p([workerRuns], (run) => checkWorkerRun(engine, TrainerCore, ctx.checkWitness, run));
        case 'url-state': return p([urlStateCase], (c) => checkUrlState(web, c));
        case 'settings': return p([settingsCase(web)], (c) => checkSettings(web, c));
        case 'csv': return p([csvCase], (c) => checkCsv(web, c, (o) => engine.dataset('custom', o)));
      }
      throw new Error(`fuzz: no property ${name}`);
    },
    dispose() {
      ctx.dispose();
    },
  };
}

/** Validates emmalloc's regions (the wasm-check build exports the check); throws naming the call after which they are corrupt. */
function heapChecker(engine) {
  const validate = engine.raw._emmalloc_validate_memory_regions;
  if (typeof validate !== 'function')
    throw new Error('fuzz: checkHeap needs the heap-checking engine (bash scripts/build.sh wasm-check), not the release build');
  return (what) => {
    if (validate() !== 0) throw new Error(`the WASM heap is corrupt after ${what} (emmalloc's region check failed)`);
  };
}

/**
 * Runs one property with fast-check: resolves to { runs, ms, failed, message }. On a failure the message
 * holds fast-check's report (seed, path, the shrunk counterexample) and the error the property threw.
 * `path` replays one failing case (from such a report); `shrink: false` ends at the first failing case
 * without shrinking it (a long run reports at once; replaying its seed and path shrinks).
 */
export function runProperty(s, name, numRuns, seed, { path, shrink = true } = {}) {
  const t0 = performance.now();
  const r = fc.check(s.property(name), { seed, numRuns, path, endOnFailure: !shrink });
  const ms = performance.now() - t0;
  const message = r.failed ? `${fc.defaultReportMessage(r)}\n${r.errorInstance?.stack ?? r.errorInstance?.message ?? r.error ?? ''}` : '';
  return { runs: r.numRuns, ms, failed: r.failed, message, seed: r.seed, path: r.counterexamplePath };
}
