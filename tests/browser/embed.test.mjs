// The embed bundle on a plain HTML page: no bundler, one <script type="module"> tag, served with
// Content-Security-Policy `script-src 'self' 'wasm-unsafe-eval'`. Several components render and
// share one engine; a bad attribute shows an inline error while the others keep working; attribute
// changes update an element; elements follow prefers-color-scheme and size to their container.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { createEngine, splitDataset } from '../../dist/index.js';
import { CSP, startEmbedServer } from './embed-server.mjs';
import { launchBrowser, openPage } from './harness.mjs';
import { assertNoBusyTask, assertResponsive, observeLongTasks, traceMainThread } from './long-tasks.mjs';
import { canvasStats, inlineError, shotDir, waitForDrawn } from './lesson-helpers.mjs';

// What a tutorial author writes: the bundle, a few tags, nothing else.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>embed</title>
<script type="module" src="/embed/ap-components.js"></script>
<style>body { margin: 16px; font-family: sans-serif } .narrow { width: 320px } .box { margin-bottom: 24px }</style>
</head><body>
<div class="box"><ap-activation-plot activations="mish,swish" derivative params="swish.beta=1.5"></ap-activation-plot></div>
<div class="box"><ap-xor-threshold-net></ap-xor-threshold-net></div>
<div class="box narrow"><ap-linear-collapse id="collapse" layers="3,3"></ap-linear-collapse></div>
<div class="box"><ap-hidden-space></ap-hidden-space></div>
<div class="box"><ap-depth-sweep id="sweep" activations="relu,mish" depths="1,4,8" epochs="20"></ap-depth-sweep></div>
<div class="box"><ap-compare id="bad" activations="relu,not_an_activation"></ap-compare></div>
<div class="box"><ap-feature-space></ap-feature-space></div>
<div class="box"><ap-property-table activation="elu"></ap-property-table></div>
<div class="box"><ap-playground dataset="xor" layers="4,2" activation="tanh" controls="play,reset" autoplay></ap-playground></div>
</body></html>`;

const SWEEP_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>sweep</title>
<script type="module" src="/embed/ap-components.js"></script></head><body>
<ap-depth-sweep activations="relu,tanh" depths="1,2,3" epochs="2000"></ap-depth-sweep>
</body></html>`;

// A sweep in which some runs diverge (plain SGD at learning rate 10: mish at 1 and 4 layers overflows,
// tanh does not); which ones is decided below by training the same networks in Node.
const DIVERGE = { activations: ['tanh', 'mish'], depths: [1, 2, 4], epochs: 20, optimizer: 'sgd', learningRate: 10, seed: 1, units: 8 };
const DIVERGE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>diverging</title>
<script type="module" src="/embed/ap-components.js"></script></head><body>
<ap-depth-sweep activations="${DIVERGE.activations}" depths="${DIVERGE.depths}" epochs="${DIVERGE.epochs}" optimizer="sgd"
  learning-rate="${DIVERGE.learningRate}" autorun></ap-depth-sweep>
</body></html>`;

// Lessons in which one run diverges and one does not: ap-compare with plain SGD at learning rate 10 (elu
// overflows, relu does not), ap-dying-relu at 0.03 and 10 on the gaussian set with one layer of 8.
const COMPARE = { activations: ['relu', 'elu'], dataset: 'spiral', n: 250, layers: [8, 8], optimizer: 'sgd', lr: 10, epochs: 20 };
const DYING = { rates: [0.03, 10], dataset: 'gaussian', n: 200, layers: [8], epochs: 150 };
const DIVERGE_LESSONS_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>diverging lessons</title>
<script type="module" src="/embed/ap-components.js"></script></head><body>
<ap-compare activations="${COMPARE.activations}" dataset="${COMPARE.dataset}" layers="${COMPARE.layers}" optimizer="${COMPARE.optimizer}"
  learning-rate="${COMPARE.lr}" epochs="${COMPARE.epochs}" autoplay></ap-compare>
<ap-dying-relu learning-rates="${DYING.rates}" dataset="${DYING.dataset}" layers="${DYING.layers}" autoplay></ap-dying-relu>
</body></html>`;

/**
 * Whether a lesson's run diverges, decided in Node with the npm build as the lesson's Session trains: the
 * same split (2n points, noise 0.05, seed 1, halved), one fit() of one epoch at a time in batches of 10,
 * until the loss is NaN or infinite or the epochs run out.
 */
async function lessonRunDiverges({ dataset, n, layers, activation, optimizer, lr, init, epochs }) {
  const engine = await createEngine();
  const d = splitDataset(engine.dataset(dataset, { n: 2 * n, noise: 0.05, seed: 1 }), 0.5);
  const net = engine.network({ features: ['x1', 'x2'], layers: layers.map((units) => ({ units, activation })),
    output: { units: 1, activation: 'sigmoid' }, loss: 'bce', optimizer: { name: optimizer, learningRate: lr }, seed: 1, ...(init ? { init } : {}) });
  try {
    for (let e = 0; e < epochs; e++) if (!Number.isFinite(net.fit(d.train.x, d.train.y, { epochs: 1, batchSize: 10, shuffle: true }).loss)) return true;
    return false;
  } finally {
    net.dispose();
  }
}

/**
 * What each run of a sweep reaches, computed here with the npm build of the engine (bitwise the same
 * training as in the browser): the same data split, spec, batch size and epochs as <ap-depth-sweep>.
 * A run diverged if its loss or any weight is NaN or ±Infinity; otherwise its test accuracy.
 * `perEpoch`: as the main-thread fallback trains (one fit() call per epoch; fit starts each call's
 * shuffling afresh, so this is not bitwise the same as one call of all the epochs).
 */
async function expectedSweep(o) {
  const engine = await createEngine();
  const d = splitDataset(engine.dataset('spiral', { n: 400, noise: 0.1, seed: o.seed }), 0.5);
  const out = {};
  for (const act of o.activations) {
    out[act] = o.depths.map((depth) => {
      const net = engine.network({
        features: ['x1', 'x2'], layers: Array.from({ length: depth }, () => ({ units: o.units, activation: act })),
        output: { units: 1, activation: 'sigmoid' }, loss: 'bce', optimizer: { name: o.optimizer, learningRate: o.learningRate }, seed: o.seed,
      });
      try {
        let r = { loss: NaN };
        if (o.perEpoch) for (let e = 0; e < o.epochs && !(e > 0 && !Number.isFinite(r.loss)); e++) r = net.fit(d.train.x, d.train.y, { epochs: 1, batchSize: 20, shuffle: true });
        else r = net.fit(d.train.x, d.train.y, { epochs: o.epochs, batchSize: 20, shuffle: true });
        const finite = net.getWeights().every((l) => l.weights.every(Number.isFinite) && l.biases.every(Number.isFinite));
        if (!Number.isFinite(r.loss) || !finite || !Number.isFinite(net.evaluate(d.train.x, d.train.y).loss)) return 'diverged';
        return +net.evaluate(d.test.x, d.test.y).accuracy.toFixed(3);
      } finally {
        net.dispose();
      }
    });
  }
  return out;
}

let server;
let url;
let browser;

before(async () => {
  // A page whose policy forbids workers: the depth sweep must fall back to main-thread chunks.
  server = await startEmbedServer({ '/': PAGE, '/no-workers': { html: SWEEP_PAGE, csp: `${CSP}; worker-src 'none'` },
                                    '/diverging': DIVERGE_PAGE, '/diverging-lessons': DIVERGE_LESSONS_PAGE });
  url = server.url;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

const GOOD = ['ap-activation-plot', 'ap-xor-threshold-net', 'ap-linear-collapse', 'ap-hidden-space', 'ap-depth-sweep', 'ap-feature-space',
  'ap-playground'];

test('a plain page under a strict CSP embeds several components: all draw, one engine, a bad attribute stays local', async () => {
  server.wasmRequests = 0;
  const { page, errors, offOrigin } = await openPage(browser.context, url);
  for (const tag of GOOD) {
    await page.locator(tag).scrollIntoViewIfNeeded();
    await waitForDrawn(page, tag, 0, 20000, false);
    assert.equal(await inlineError(page, tag), null, `${tag} shows an error`);
    const best = (await canvasStats(page, tag)).sort((a, b) => b.inked - a.inked)[0];
    assert.ok(best.inked > 300 && best.colours > 4, `${tag}: ${JSON.stringify(best)}`);
  }
  // The bad attribute: an inline error naming it, nothing thrown, nothing logged.
  const message = await inlineError(page, '#bad');
  assert.match(message, /activations/);
  assert.match(message, /not_an_activation/);
  // The elements share the page's one engine, and ap-playground's training worker instantiates the
  // page's compiled module: one .wasm fetch, however many elements and workers.
  assert.equal(server.wasmRequests, 1, 'one .wasm fetch for the page and its workers');
  assert.match(await page.evaluate(() => document.querySelector('ap-property-table').shadowRoot.textContent), /ELU|elu/i);
  // The others keep working: the depth sweep runs to the end after the error appeared, and its worker
  // leaves the main thread free: no task computes 50 ms (trace), and long tasks in wall time stay within
  // the budget of long-tasks.mjs (load on this machine stretches short tasks past 50 ms of wall time).
  const stopTrace = await traceMainThread(page);
  const stopLongTasks = await observeLongTasks(page);
  await page.locator('#sweep').locator('#run').click();
  await page.waitForFunction(() => document.querySelector('#sweep')?.shadowRoot?.querySelector('[data-state]')?.dataset.state === 'done',
    null, { timeout: 30000 });
  // It trained in a Web Worker of its own (one more engine, from the same compiled module: no fetch).
  assert.equal(await page.evaluate(() => document.querySelector('#sweep').shadowRoot.querySelector('[data-runner]').dataset.runner), 'worker');
  assert.equal(server.wasmRequests, 1);
  const results = JSON.parse(await page.evaluate(() => document.querySelector('#sweep').shadowRoot.querySelector('canvas').dataset.results));
  const expected = await expectedSweep({ activations: ['relu', 'mish'], depths: [1, 4, 8], epochs: 20, optimizer: 'adam', learningRate: 0.01, seed: 1, units: 8 });
  assert.deepEqual(results, expected, 'each run shows what it reached (or "diverged")');
  const seen = assertResponsive(await stopLongTasks(), 'the depth sweep');
  const tasks = await stopTrace();
  assert.ok(tasks.length > 20, `the trace saw only ${tasks.length} main-thread tasks`);
  const maxCpu = assertNoBusyTask(tasks, 'the depth sweep');
  console.log(`# depth sweep: ${seen.count} long tasks (wall), worst ${seen.worst} ms, ${(100 * seen.share).toFixed(1)}% of the time; max CPU per task ${maxCpu.toFixed(1)} ms`);
  await page.screenshot({ path: join(shotDir, 'embed-light.png'), fullPage: true });
  assert.deepEqual(errors, []);
  assert.deepEqual(offOrigin, []);
  await page.close();
});

test('attribute changes update the element, and fixing a bad attribute clears its error', async () => {
  const { page, errors } = await openPage(browser.context, url);
  await waitForDrawn(page, '#collapse');
  const text = () => page.evaluate(() => document.querySelector('#collapse').shadowRoot.textContent);
  assert.match(await text(), /3× identity → 3× identity/);
  await page.evaluate(() => document.querySelector('#collapse').setAttribute('layers', '5'));
  await page.waitForFunction(() => /5× identity → σ/.test(document.querySelector('#collapse')?.shadowRoot?.textContent ?? ''));
  await page.evaluate(() => document.querySelector('#collapse').setAttribute('layers', '0,x'));
  await page.waitForFunction(() => /layers/.test(document.querySelector('#collapse')?.shadowRoot?.querySelector('[role=alert]')?.textContent ?? ''));
  await page.evaluate(() => document.querySelector('#bad').setAttribute('activations', 'relu,mish'));
  await waitForDrawn(page, '#bad');
  assert.equal(await inlineError(page, '#bad'), null);
  assert.deepEqual(errors, []);
  await page.close();
});

test('elements size to their container and follow prefers-color-scheme', async () => {
  const page = await browser.context.newPage();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(url);
  await waitForDrawn(page, '#collapse');
  const box = await page.evaluate(() => {
    const c = document.querySelector('#collapse').shadowRoot.querySelector('canvas');
    return { canvas: c.getBoundingClientRect().width, host: document.querySelector('#collapse').getBoundingClientRect().width };
  });
  assert.ok(box.host <= 320 && box.canvas <= box.host, JSON.stringify(box));
  // Dark scheme: the plot background (outside the data) is dark.
  const lum = await page.evaluate(() => {
    const c = document.querySelector('ap-activation-plot').shadowRoot.querySelector('canvas');
    const [r, g, b] = c.getContext('2d').getImageData(2, 2, 1, 1).data;
    return (r + g + b) / 3;
  });
  assert.ok(lum < 80, `background luminance ${lum} in the dark scheme`);
  await page.screenshot({ path: join(shotDir, 'embed-dark.png'), fullPage: true });
  await page.close();
});

test('the depth sweep cancels at once, falls back to main-thread chunks where workers are forbidden, and follows <html lang>', async () => {
  const { page } = await openPage(browser.context, `${url}no-workers`);
  const state = () => page.evaluate(() => document.querySelector('ap-depth-sweep').shadowRoot.querySelector('[data-state]').dataset);
  await waitForDrawn(page, 'ap-depth-sweep');
  await page.locator('ap-depth-sweep #run').click();
  await page.waitForFunction(() => document.querySelector('ap-depth-sweep')?.shadowRoot?.querySelector('progress')?.value >= 1, null, { timeout: 20000 });
  assert.equal((await state()).runner, 'main');
  // <html lang="zh-CN">: the elements speak Simplified Chinese.
  assert.equal(await page.locator('ap-depth-sweep #cancel').textContent(), '取消');
  await page.locator('ap-depth-sweep #cancel').click();
  const after = await page.evaluate(() => document.querySelector('ap-depth-sweep').shadowRoot.querySelector('progress').value);
  assert.equal((await state()).state, 'cancelled');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.querySelector('ap-depth-sweep').shadowRoot.querySelector('progress').value), after,
    'no run finishes after Cancel');
  assert.ok(after < 6);
  // Run again, to the end, on the main thread: a shorter sweep. (The first one is long on purpose, so
  // that Cancel always lands before it ends, however fast the machine.)
  await page.evaluate(() => document.querySelector('ap-depth-sweep').setAttribute('epochs', '100'));
  await page.locator('ap-depth-sweep #run').click();
  await page.waitForFunction(() => document.querySelector('ap-depth-sweep')?.shadowRoot?.querySelector('[data-state]')?.dataset.state === 'done',
    null, { timeout: 60000 });
  const results = JSON.parse(await page.evaluate(() => document.querySelector('ap-depth-sweep').shadowRoot.querySelector('canvas').dataset.results));
  assert.equal(results.relu.length, 3);
  assert.deepEqual(results, await expectedSweep({ activations: ['relu', 'tanh'], depths: [1, 2, 3], epochs: 100, optimizer: 'adam',
    learningRate: 0.01, seed: 1, units: 8, perEpoch: true }), 'the main-thread runs reach what the same networks reach in Node');
  await page.close();
});

test('the depth sweep shows a diverged run as diverged (a mark, a legend entry, a line naming it), never as an accuracy', async () => {
  const expected = await expectedSweep(DIVERGE);
  const flat = Object.values(expected).flat();
  assert.ok(flat.includes('diverged') && flat.some((v) => typeof v === 'number'), `the setup must mix diverged and finished runs: ${JSON.stringify(expected)}`);
  const { page, errors } = await openPage(browser.context, `${url}diverging`);
  await page.waitForFunction(() => document.querySelector('ap-depth-sweep')?.shadowRoot?.querySelector('[data-state]')?.dataset.state === 'done',
    null, { timeout: 60000 });
  const shown = await page.evaluate(() => {
    const sr = document.querySelector('ap-depth-sweep').shadowRoot;
    return { results: JSON.parse(sr.querySelector('canvas').dataset.results), runs: sr.querySelector('#diverged')?.dataset.runs ?? null,
             text: sr.querySelector('#diverged')?.textContent ?? '' };
  });
  assert.deepEqual(shown.results, expected);
  const runs = DIVERGE.activations.flatMap((a) => DIVERGE.depths.filter((_, i) => expected[a][i] === 'diverged').map((d) => `${a} × ${d}`));
  assert.equal(shown.runs, runs.join(','));
  assert.match(shown.text, /Diverged/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('ap-compare and ap-dying-relu say "diverged" where a diverged run has no loss or accuracy, and numbers elsewhere', async () => {
  const compare = await Promise.all(COMPARE.activations.map((activation) => lessonRunDiverges({ ...COMPARE, activation })));
  const dying = await Promise.all(DYING.rates.map((lr) => lessonRunDiverges({ ...DYING, activation: 'relu', optimizer: 'sgd', lr, init: 'he' })));
  assert.deepEqual(compare, [false, true], 'the setup: relu trains, elu diverges');
  assert.deepEqual(dying, [false, true], 'the setup: 0.03 trains, 10 diverges');
  const { page, errors } = await openPage(browser.context, `${url}diverging-lessons`);
  // Both lessons stop by themselves: ap-compare when its finite runs reach their epochs, ap-dying-relu
  // after its epochs; the Train button is back then.
  const shown = await page.waitForFunction(() => {
    const c = document.querySelector('ap-compare')?.shadowRoot, d = document.querySelector('ap-dying-relu')?.shadowRoot;
    const captions = [...(c?.querySelectorAll('figcaption') ?? [])].map((f) => f.textContent.replace(/\s+/g, ' ').trim());
    const rows = [...(d?.querySelectorAll('tbody tr') ?? [])].map((tr) => [...tr.cells].map((td) => td.textContent.trim()));
    const done = captions.length === 2 && rows.length === 2 && /epoch 20$/.test(c.querySelector('[role=status]').textContent.trim()) && rows[0][2] === '150';
    return done && { captions, rows };
  }, null, { timeout: 60000 }).then((h) => h.jsonValue());
  assert.match(shown.captions[0], /^relu ?loss \d\.\d{3} · test accuracy \d\.\d{2}$/);
  assert.match(shown.captions[1], /^elu ?loss diverged · test accuracy diverged$/);
  assert.match(shown.rows[0][3], /^\d+\.\d{3}$/);
  assert.match(shown.rows[0][4], /^\d\.\d{2}$/);
  assert.deepEqual(shown.rows[1].slice(3), ['diverged', 'diverged']);
  assert.deepEqual(errors, []);
  await page.close();
});
