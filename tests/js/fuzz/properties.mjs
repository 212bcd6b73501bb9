// The fuzzing properties, seeded, as one list that tests/js/fuzz.test.mjs runs at test-command size and
// bench/fuzz.mjs at any size: each entry is a name, its share of the cases, and a function that builds
// its fast-check property from the shared setup (the engine, the bundled web modules).
import fc from 'fast-check';

import { apiContext, runs } from './api.mjs';
import { jsonMutation, savedNetworks } from './json.mjs';
import { checkCsv, checkSettings, checkUrlState, csvCase, settingsCase, urlStateCase } from './text-parsers.mjs';
import { loadWebModules } from './web-modules.mjs';
import { checkWorkerRun, workerRuns } from './worker.mjs';

/** Shares of the cases (they sum to 1): the API sequences are the slowest and cover the most. */
export const PROPERTIES = [
  { name: 'api', share: 0.22, what: 'random sequences of up to 8 calls on the engine and its networks' },
  { name: 'loadNetwork', share: 0.18, what: 'engine.loadNetwork on mutations of saved networks' },
  { name: 'worker', share: 0.1, what: 'random request sequences to the worker protocol (TrainerCore)' },
  { name: 'url-state', share: 0.22, what: 'UrlState on random tables, hashes and hash changes' },
  { name: 'settings', share: 0.1, what: "the Train settings' attribute and URL parsers" },
  { name: 'csv', share: 0.18, what: 'parseCsv on CSV text of points and mutations of it' },
];

/** Loads what the properties need once: the engine (from dist/), its witness network, the web modules. */
export async function setup({ createEngine, splitDataset, TrainerCore }) {
  const engine = await createEngine();
  const ctx = apiContext(engine, splitDataset, savedNetworks(engine));
  const web = await loadWebModules();
  return {
    engine, ctx, web,
    property(name) {
      switch (name) {
        case 'api': return fc.property(runs(), (calls) => ctx.run(calls));
        case 'loadNetwork': return fc.property(fc.nat(), jsonMutation, (k, m) => ctx.load(k, m));
        case 'worker': return fc.property(workerRuns, (run) => checkWorkerRun(engine, TrainerCore, ctx.checkWitness, run));
        case 'url-state': return fc.property(urlStateCase, (c) => checkUrlState(web, c));
        case 'settings': return fc.property(settingsCase(web), (c) => checkSettings(web, c));
        case 'csv': return fc.property(csvCase, (c) => checkCsv(web, c, (o) => engine.dataset('custom', o)));
      }
      throw new Error(`fuzz: no property ${name}`);
    },
    dispose() {
      ctx.dispose();
    },
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
