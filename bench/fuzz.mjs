// Long fuzzing runs: the properties of tests/js/fuzz.test.mjs (tests/js/fuzz/properties.mjs) for N
// cases in total, split in the same shares, seeded. Needs the package build (bash scripts/build.sh wasm package).
//   node bench/fuzz.mjs [--runs N] [--seed S] [--only NAME] [--chunk K] [--check-heap]
//   node bench/fuzz.mjs --only NAME --seed S --path P     (replays and shrinks one failing case)
// --check-heap runs the heap-checking engine (bash scripts/build.sh wasm-check, after package) and validates
// the allocator's regions after every API call and every case: a write past an allocation, a double free
// or a use after free that damages the heap fails the case that did it, not a later walk of the heap.
// Prints a progress line per chunk (cases, cases per second, memory) and a total; a property that fails
// prints its seed, path and counterexample with the command that replays it, and the run goes on with
// the next property. Exits 1 when any property failed.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { PROPERTIES, runProperty, setup } from '../tests/js/fuzz/properties.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '100000' }, seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
  only: { type: 'string' }, chunk: { type: 'string', default: '5000' }, path: { type: 'string' }, 'check-heap': { type: 'boolean', default: false } } });
const total = Number(values.runs), seed = Number(values.seed), chunk = Number(values.chunk);
if (!Number.isInteger(total) || total < 1) throw new RangeError(`--runs must be a positive integer, got ${values.runs}`);
if (!Number.isInteger(seed)) throw new RangeError(`--seed must be an integer, got ${values.seed}`);
if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`--chunk must be a positive integer, got ${values.chunk}`);
const chosen = PROPERTIES.filter((p) => !values.only || p.name === values.only);
if (!chosen.length) throw new RangeError(`--only must be one of ${PROPERTIES.map((p) => p.name).join(', ')}, got ${values.only}`);

const checkHeap = values['check-heap'];
const pkg = new URL(checkHeap ? '../build/wasm-check/dist/' : '../dist/', import.meta.url);
if (!existsSync(new URL('index.js', pkg)))
  throw new Error(`fuzz: no package at ${pkg.pathname}: run bash scripts/build.sh ${checkHeap ? 'wasm package wasm-check' : 'wasm package'}`);
const { createEngine, splitDataset, TrainerCore } = await import(new URL('index.js', pkg).href);
const onnx = await import(new URL('interop/onnx.js', pkg).href);
const s = await setup({ createEngine, splitDataset, TrainerCore, onnx }, { checkHeap });
const t0 = performance.now();
const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const memory = () => {
  const m = s.engine.memory();
  return `rss ${mib(process.memoryUsage().rss)}, wasm heap ${mib(m.heapBytes)} (${mib(m.allocatedBytes)} allocated)`;
};
// What is running, for an error that escapes fast-check (a crash of the harness itself).
let running = '';
process.on('uncaughtException', (e) => {
  console.log(`fuzz: CRASH in ${running} after ${((performance.now() - t0) / 1000).toFixed(0)} s: ${e?.stack ?? e}`);
  process.exit(2);
});

if (values.path !== undefined) {
  if (chosen.length !== 1) throw new RangeError('--path replays one property: give --only NAME');
  const r = runProperty(s, chosen[0].name, total, seed, { path: values.path });
  console.log(r.failed ? r.message : `fuzz: ${chosen[0].name} seed ${seed} path ${values.path} passes`);
  process.exit(r.failed ? 1 : 0);
}

const share = chosen.reduce((a, p) => a + p.share, 0);
let cases = 0;
const failures = [];
console.log(`fuzz: seed ${seed}, ${total} cases, ${chosen.map((p) => p.name).join(', ')}${checkHeap ? ', heap checked after every call' : ''}; ${memory()}`);
for (const p of chosen) {
  const n = Math.round((total * p.share) / share);
  const pt0 = performance.now();
  // In chunks, so that a long run reports progress; chunk i has its own seed derived from the run's.
  for (let done = 0, i = 0; done < n; i++) {
    const k = Math.min(chunk, n - done), chunkSeed = seed + 7919 * i;
    running = `${p.name}, chunk ${i} (seed ${chunkSeed}, ${k} cases)`;
    const r = runProperty(s, p.name, k, chunkSeed, { shrink: false });
    cases += r.runs;
    done += r.failed ? r.runs : k;
    const elapsed = (performance.now() - t0) / 1000;
    console.log(`fuzz: ${p.name} ${done}/${n}, total ${cases}/${total} cases, ${(r.runs / (r.ms / 1000)).toFixed(0)} cases/s ` +
                `(${(cases / elapsed).toFixed(0)} overall), ${elapsed.toFixed(0)} s; ${memory()}${r.failed ? ' FAILED' : ''}`);
    if (r.failed) {
      console.log(`fuzz: ${p.name} FAILED at seed ${r.seed} path ${r.path}; replay and shrink with\n` +
                  `  node bench/fuzz.mjs --only ${p.name} --seed ${r.seed} --path ${r.path} --runs ${k}${checkHeap ? ' --check-heap' : ''}\n${r.message}`);
      failures.push(`${p.name} (seed ${r.seed}, path ${r.path})`);
      break;
    }
  }
  console.log(`fuzz: ${p.name} done in ${((performance.now() - pt0) / 1000).toFixed(0)} s`);
}
const secs = (performance.now() - t0) / 1000;
console.log(`fuzz: ${cases} cases in ${secs.toFixed(0)} s (${(cases / secs).toFixed(0)} cases/s), seed ${seed}: ` +
            `${failures.length ? `counterexamples in ${failures.join(', ')}` : 'no counterexample'}` +
            ` (api: ${s.ctx.stats.calls} calls, ${s.ctx.stats.threw} refused as the contract says)`);
s.dispose();
process.exitCode = failures.length ? 1 : 0;
