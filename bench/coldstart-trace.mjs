// Where a cold page's time goes before its first painted plot: loads a page as bench/coldstart.mjs does
// (fresh context, cache disabled, plain static server), records a Chrome trace of the load (requests,
// script compile and evaluation, wasm streaming compile and lazy compilation, the V8 CPU profiler's
// samples) and prints, in ms from navigation start (medians over the runs):
//   - each request: sent, finished, bytes;
//   - the main thread: compile and evaluation of each module script, wasm compilation (streaming,
//     lazy Liftoff compilation of each function at its first call), and the sampled time in the phases
//     of an engine's start and a plot's first draw (named by the functions on the sampled stacks);
//   - the first frame with a plotted curve (bench/coldstart.mjs's pixel probe, tests/browser/cold-load.mjs).
// The profiler's sampling slows the page; read the phases against each other, not as absolute times.
// Function names need an unminified build (vite build --minify false, see README "Cold start").
//   node bench/coldstart-trace.mjs --site DIR [--page one|playground] [--runs N] [--samples FILE] [--timeline]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { launchHeadless, ONE_PLOT_PAGE, paintProbe, serveSite } from '../tests/browser/cold-load.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const site = resolve(opt('--site', resolve(import.meta.dirname, '../build/site')));
const path = opt('--page', 'one') === 'one' ? '/one-plot.html' : '/';
const runs = Number(opt('--runs', 5));
const samplesFile = opt('--samples', null);

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'v8.wasm',
  'disabled-by-default-v8.wasm.detailed', 'blink.user_timing', 'disabled-by-default-v8.cpu_profiler'];

// Phases named by a function on the sampled stack (the innermost match wins), checked in this order.
const PHASES = [
  ['properties()', /^(properties|_properties|propertiesOf)$/],
  ['f, f′ samples', /^(valueAndDerivative|forward|derivative)$/],
  ['engine: Embind init (wasm ctors, type registration)', /^(callRuntimeCallbacks|initRuntime|___wasm_call_ctors|__embind_register_\w+|embind_init_\w+|__embind_\w+|_embind_\w+)$/],
  ['engine: catalogue read', /^(readCatalogue|readSoftmaxInfo|_catalogue|_softmaxInfo)$/],
  ['engine: instantiate', /^(instantiateAsync|instantiateArrayBuffer|createWasm|receiveInstance|receiveInstantiationResult|instantiate)$/],
  ['plot: canvas draw', /^(drawBase|drawAxes|drawSeries|drawSaturation|drawOverlay|fitCanvas)$/],
  ['lit render/update', /^(performUpdate|update|render|_\$AE|scheduleUpdate|_\$EM|_\$Ej)$/],
  ['probe (getImageData)', /^(painted|frame)$/],
];

function median(a) {
  const s = a.filter((v) => v !== undefined && !Number.isNaN(v)).sort((x, y) => x - y);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One traced cold load: the trace's events. */
async function tracedLoad(browser, server, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.addInitScript(paintProbe);
    await browser.startTracing(page, { categories: CATEGORIES });
    await page.goto(url);
    await page.waitForFunction(() => window.__firstPlotMs !== undefined, null, { timeout: 60000 });
    const trace = JSON.parse(String(await browser.stopTracing()));
    return trace.traceEvents ?? trace;
  } finally {
    await context.close();
  }
}

/** Reads one load's events into { requests, scripts, wasm, phases, firstPlot } (ms from navigation start). */
function analyse(events, pageUrl) {
  const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL === pageUrl);
  const { pid, tid } = nav;
  const t0 = nav.ts;
  const ms = (ts) => (ts - t0) / 1000;
  const main = events.filter((e) => e.pid === pid && e.tid === tid);
  const short = (u) => (u ?? '').replace(/^https?:\/\/[^/]+/, '').replace(/-[A-Za-z0-9_-]{8}\.(js|wasm|css)$/, '.$1');

  const requests = new Map();
  for (const e of events.filter((x) => x.pid === pid)) {
    const d = e.args?.data;
    if (e.name === 'ResourceSendRequest') requests.set(d.requestId, { url: short(d.url), sent: ms(e.ts) });
    if (e.name === 'ResourceFinish' && requests.has(d.requestId)) {
      Object.assign(requests.get(d.requestId), { done: ms(e.ts), bytes: d.decodedBodyLength });
    }
  }
  const scripts = {};
  for (const e of main.filter((x) => x.name === 'v8.compileModule' || x.name === 'v8.compile')) {
    const u = short(e.args?.data?.url ?? e.args?.fileName);
    (scripts[u] ??= { compileAt: ms(e.ts), compile: 0 }).compile += e.dur / 1000;
  }
  const evaluate = main.filter((e) => e.name === 'v8.evaluateModule').map((e) => ({ at: ms(e.ts), dur: e.dur / 1000 }));
  const sum = (list) => list.reduce((s, e) => s + (e.dur ?? 0), 0) / 1000;
  const lazy = main.filter((e) => e.name === 'wasm.CompileLazy');
  const consume = events.filter((e) => e.pid === pid && e.name === 'v8.wasm.compileConsume');
  const topTier = events.filter((e) => e.pid === pid && e.name === 'wasm.TopTierCompilation');
  const firstPlotMark = main.find((e) => e.name === 'first-plot');
  const wasm = {
    streamingFrom: consume.length ? ms(consume[0].ts) : NaN,
    streamingTo: consume.length ? ms(Math.max(...consume.map((e) => e.ts + (e.dur ?? 0)))) : NaN,
    streamingMainMs: sum(consume.filter((e) => e.tid === tid)),
    lazyFunctions: lazy.length,
    lazyMs: sum(lazy),
    lazyFrom: lazy.length ? ms(lazy[0].ts) : NaN,
    lazyBeforePlotMs: sum(lazy.filter((e) => !firstPlotMark || e.ts < firstPlotMark.ts)),
    topTierFrom: topTier.length ? ms(topTier[0].ts) : NaN,
  };

  // The CPU profile of the main thread: nodes arrive in ProfileChunk events with samples and time deltas.
  const profiles = new Map();
  for (const e of events.filter((x) => x.pid === pid && x.name === 'Profile')) profiles.set(e.id, { start: e.args.data.startTime, tid: e.tid, nodes: new Map(), samples: [] });
  for (const e of events.filter((x) => x.pid === pid && x.name === 'ProfileChunk')) {
    const p = profiles.get(e.id);
    if (!p) continue;
    const cp = e.args.data.cpuProfile ?? {};
    for (const n of cp.nodes ?? []) p.nodes.set(n.id, n);
    let t = p.samples.length ? p.samples.at(-1).t : p.start;
    (cp.samples ?? []).forEach((id, i) => { t += e.args.data.timeDeltas[i]; p.samples.push({ id, t }); });
  }
  const phases = {};
  const byFunction = {};
  const timeline = [];
  const stop = firstPlotMark ? firstPlotMark.ts : Infinity;
  for (const p of profiles.values()) {
    if (p.tid !== tid) continue;
    for (let i = 0; i + 1 < p.samples.length; i++) {
      const { id, t } = p.samples[i];
      if (t < t0 || t >= stop) continue;
      const dt = (p.samples[i + 1].t - t) / 1000;
      const stack = [];
      for (let n = p.nodes.get(id); n; n = p.nodes.get(n.parent)) stack.push(n.callFrame);
      const top = stack[0];
      if (!top || top.functionName === '(idle)' || top.functionName === '(root)') continue;
      let phase = null;
      for (const [label, re] of PHASES) if (stack.some((f) => re.test(f.functionName))) { phase = label; break; }
      if (!phase) {
        if (top.functionName === '(program)') phase = '(program: parse, compile, style, layout, paint)';
        else if (top.functionName === '(garbage collector)') phase = '(garbage collector)';
        else phase = `other JS in ${short(stack.find((f) => f.url)?.url) || '?'}`;
      }
      phases[phase] = (phases[phase] ?? 0) + dt;
      const bucket = Math.floor((t - t0) / 1000 / 10);
      ((timeline[bucket] ??= {})[phase] ??= 0);
      timeline[bucket][phase] += dt;
      const fn = `${top.functionName || '(anonymous)'} ${short(top.url)}`;
      byFunction[fn] = (byFunction[fn] ?? 0) + dt;
    }
  }
  return { requests: [...requests.values()], scripts, evaluate, wasm, phases, byFunction, timeline, firstPlot: firstPlotMark ? ms(firstPlotMark.ts) : NaN };
}

const server = await serveSite(site, { '/one-plot.html': ONE_PLOT_PAGE });
const browser = await launchHeadless();
const results = [];
try {
  for (let i = 0; i < runs; i++) results.push(analyse(await tracedLoad(browser, server, server.url + path), server.url + path));
} finally {
  await browser.close();
  server.close();
}
if (samplesFile) writeFileSync(samplesFile, JSON.stringify(results, null, 1));

const f = (v) => (Number.isFinite(v) ? v.toFixed(1) : '–');
console.log(`${site}${path}, ${runs} traced cold loads (medians, ms from navigation start; profiler on)`);
console.log(`first painted plot: ${f(median(results.map((r) => r.firstPlot)))}`);
console.log('\nrequests (sent -> finished, bytes; compile of a module script on the main thread):');
const urls = [...new Set(results.flatMap((r) => r.requests.map((q) => q.url)))];
for (const u of urls) {
  const qs = results.map((r) => r.requests.find((q) => q.url === u)).filter(Boolean);
  const sc = results.map((r) => r.scripts[u]).filter(Boolean);
  console.log(`  ${u.padEnd(36)} ${f(median(qs.map((q) => q.sent))).padStart(6)} -> ${f(median(qs.map((q) => q.done))).padStart(6)}  ${String(qs[0].bytes ?? '').padStart(7)} B` +
              (sc.length ? `   compiled at ${f(median(sc.map((s) => s.compileAt)))} (${f(median(sc.map((s) => s.compile)))} ms)` : ''));
}
console.log('\nmodule evaluations over 1 ms (at, ms), first run:');
console.log('  ' + results[0].evaluate.filter((e) => e.dur > 1).map((e) => `${f(e.at)} (${f(e.dur)})`).join(', '));
console.log('\nwasm:');
const w = (k) => f(median(results.map((r) => r.wasm[k])));
console.log(`  streaming compile consumed bytes ${w('streamingFrom')} -> ${w('streamingTo')} (main thread ${w('streamingMainMs')} ms)`);
console.log(`  lazy (Liftoff) compilation on the main thread: ${w('lazyFunctions')} functions, ${w('lazyMs')} ms (${w('lazyBeforePlotMs')} ms before the first plot), first at ${w('lazyFrom')}`);
console.log(`  top tier (TurboFan, background) from ${w('topTierFrom')}`);
console.log('\nmain thread, sampled time before the first plot, by phase (ms):');
const phaseNames = [...new Set(results.flatMap((r) => Object.keys(r.phases)))];
const rows = phaseNames.map((p) => [p, median(results.map((r) => r.phases[p] ?? 0))]).sort((a, b) => b[1] - a[1]);
for (const [p, v] of rows) if (v >= 0.5) console.log(`  ${f(v).padStart(6)}  ${p}`);
console.log('\nhottest functions (self time, ms, median):');
const fnNames = [...new Set(results.flatMap((r) => Object.keys(r.byFunction)))];
const fns = fnNames.map((p) => [p, median(results.map((r) => r.byFunction[p] ?? 0))]).sort((a, b) => b[1] - a[1]).slice(0, 15);
for (const [p, v] of fns) console.log(`  ${f(v).padStart(6)}  ${p}`);

if (args.includes('--timeline')) {
  console.log('\nfirst run, main thread per 10 ms (sampled ms by phase):');
  results[0].timeline.forEach((b, i) => {
    if (!b) return;
    const parts = Object.entries(b).filter(([, v]) => v >= 0.5).sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${v.toFixed(1)}`);
    if (parts.length) console.log(`  ${String(i * 10).padStart(4)}  ${parts.join('; ')}`);
  });
}
