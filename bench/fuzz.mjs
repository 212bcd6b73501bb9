// Long fuzzing runs: the properties of tests/js/fuzz.test.mjs (tests/js/fuzz/properties.mjs) for N
// cases in total, split in the same shares, seeded. Needs the package build (bash scripts/build.sh wasm package).
//   node bench/fuzz.mjs [--runs N] [--seed S] [--only NAME]
// Prints one line per property (cases, seconds, result) and a total; exits 1 on a counterexample.
import { parseArgs } from 'node:util';

import { createEngine, splitDataset, TrainerCore } from '../dist/index.js';
import { PROPERTIES, runProperty, setup } from '../tests/js/fuzz/properties.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '100000' }, seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
  only: { type: 'string' } } });
const total = Number(values.runs), seed = Number(values.seed);
if (!Number.isInteger(total) || total < 1) throw new RangeError(`--runs must be a positive integer, got ${values.runs}`);
if (!Number.isInteger(seed)) throw new RangeError(`--seed must be an integer, got ${values.seed}`);

const s = await setup({ createEngine, splitDataset, TrainerCore });
const chosen = PROPERTIES.filter((p) => !values.only || p.name === values.only);
const share = chosen.reduce((a, p) => a + p.share, 0);
let cases = 0, ms = 0, failed = false;
console.log(`fuzz: seed ${seed}, ${total} cases`);
for (const p of chosen) {
  const n = Math.round((total * p.share) / share);
  // In chunks, so that a long run reports progress; each chunk has its own seed derived from the run's.
  const chunk = 20_000;
  for (let done = 0, i = 0; done < n; i++) {
    const k = Math.min(chunk, n - done);
    const r = runProperty(s, p.name, k, seed + 7919 * i);
    cases += r.runs;
    ms += r.ms;
    done += k;
    console.log(`fuzz: ${p.name} ${done}/${n} cases, ${(r.ms / 1000).toFixed(1)} s for this chunk (seed ${seed + 7919 * i})${r.failed ? ' FAILED' : ''}`);
    if (r.failed) {
      console.log(r.message);
      failed = true;
      break;
    }
  }
}
console.log(`fuzz: ${cases} cases in ${(ms / 1000).toFixed(0)} s, seed ${seed}: ${failed ? 'a counterexample (above)' : 'no counterexample'}` +
            ` (api: ${s.ctx.stats.calls} calls, ${s.ctx.stats.threw} refused as the contract says)`);
s.dispose();
process.exitCode = failed ? 1 : 0;
