// Explain mode, stop conditions, the confusion matrix and regression in the Train view, in headless
// Chromium through the UI. The Explain panel's numbers (read from the DOM) must equal net.trace of the
// same point on the same network computed here in Node from the package build; "Step this example"
// must change exactly the weights the trace announced.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { createEngine } from '../../dist/index.js';
import { openPage, root, useSiteAndBrowser } from './harness.mjs';

const site = useSiteAndBrowser();
let engine;
before(async () => {
  engine = await createEngine();
});

async function openTrain(hash = '') {
  const opened = await openPage(site.browser.context, `${site.server.url}#view=train${hash}`);
  await opened.page.waitForFunction(() => /Epoch 0;/.test(document.querySelector('[role=status]')?.textContent ?? ''),
    null, { timeout: 20000 });
  return opened;
}

async function finish(page, errors, offOrigin, name) {
  await page.screenshot({ path: join(root, 'build/test-shots', `${name}.png`), fullPage: true });
  assert.deepEqual(errors, [], 'console errors');
  assert.deepEqual(offOrigin, [], 'requests beyond the origin');
  await page.close();
}

/** The Train view's default network (4,2 tanh, sigmoid + BCE, SGD 0.03, seed 1) and data (circle, 500 points, seed 1). */
const DEFAULT_SPEC = {
  features: ['x1', 'x2'], layers: [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'tanh' }],
  output: { units: 1, activation: 'sigmoid' }, loss: 'bce', optimizer: { name: 'sgd', learningRate: 0.03 },
  regularization: { kind: 'none', rate: 0 }, init: 'xavier', seed: 1,
};

/** The panel's quantities: data-q → exact value (data-value) and the printed text. */
const panel = (page) => page.evaluate(() => {
  const ex = document.querySelector('ap-playground').shadowRoot.querySelector('ap-explain').shadowRoot;
  const q = {};
  for (const el of ex.querySelectorAll('p [data-q]')) q[el.dataset.q] = { value: Number(el.dataset.value), text: el.textContent };
  const rows = [...ex.querySelectorAll('tbody tr')].map((tr) => Object.fromEntries(
    [...tr.querySelectorAll('[data-q]')].map((el) => [el.dataset.q, Number(el.dataset.value)]).concat([['input', Number(tr.dataset.input)]])));
  return { index: Number(ex.querySelector('.example')?.dataset.index), q, rows, region: !!ex.querySelector('[role=region][aria-label=Explain]') };
});

test('explain mode: click a point and a neuron; the panel shows z, a, f′(z), δ equal to net.trace; Step this example changes exactly the announced weights', async () => {
  const { page, errors, offOrigin } = await openTrain();
  await page.locator('ap-playground button.explain-toggle').click();
  const map = page.locator('ap-playground ap-heatmap canvas');
  const box = await map.boundingBox();
  await map.click({ position: { x: box.width * 0.3, y: box.height * 0.4 } });
  await page.locator('ap-explain .example[data-index]').waitFor();
  // Hidden layer 1, unit 2 (the diagram's second neuron).
  await page.locator('ap-network-diagram .neuron').nth(1).click();
  await page.locator('ap-explain [data-q=z]').waitFor();
  const p = await panel(page);
  assert.ok(p.region, 'the panel is a region named Explain');

  const data = engine.dataset('circle', { n: 500, noise: 0, seed: 1 });
  const net = engine.network(DEFAULT_SPEC);
  try {
    const i = p.index;
    const t = net.trace([data.x[2 * i], data.x[2 * i + 1]], data.y[i]);
    const l = t.layers[0];
    assert.equal(p.q.z.value, l.z[1], 'z');
    assert.equal(p.q.a.value, l.a[1], 'a');
    assert.equal(p.q.derivative.value, l.derivative[1], "f'(z)");
    assert.equal(p.q.delta.value, l.delta[1], 'delta');
    for (const k of ['z', 'a', 'derivative', 'delta'])
      assert.ok(Math.abs(Number(p.q[k].text) - p.q[k].value) <= 5e-4 * Math.max(1e-3, Math.abs(p.q[k].value)), `${k} printed as ${p.q[k].text}`);
    // The table: ∂L/∂wᵢ and the step for each incoming weight and the bias.
    const w = net.getWeights()[0];
    for (const r of p.rows) {
      const j = r.input < 0 ? -1 : 1 * 2 + r.input;  // unit 1 of a layer with 2 inputs
      assert.equal(r.grad, r.input < 0 ? l.biasGrad[1] : l.weightGrad[j], `grad of input ${r.input}`);
      assert.equal(r.step, r.input < 0 ? l.biasStep[1] : l.weightStep[j], `step of input ${r.input}`);
      assert.equal(r.weight, r.input < 0 ? w.biases[1] : w.weights[j], `weight of input ${r.input}`);
    }

    // One step on the example: every weight moves by the trace's step, the others stay.
    const before = await page.evaluate(() => document.querySelector('ap-playground').snapshot.weights.map((l) => ({ w: [...l.weights], b: [...l.biases] })));
    await page.locator('ap-explain button.step').click();
    await page.locator('ap-explain [data-q=new]').first().waitFor();
    const after = await page.evaluate(() => document.querySelector('ap-playground').snapshot.weights.map((l) => ({ w: [...l.weights], b: [...l.biases] })));
    let changed = 0;
    t.layers.forEach((tl, li) => {
      before[li].w.forEach((v, j) => {
        assert.equal(after[li].w[j], Math.fround(v + tl.weightStep[j]), `layer ${li} w[${j}]`);
        changed += after[li].w[j] !== v;
      });
      before[li].b.forEach((v, j) => assert.equal(after[li].b[j], Math.fround(v + tl.biasStep[j]), `layer ${li} b[${j}]`));
    });
    assert.ok(changed > 0, 'the step changed weights');
    // The panel says old → new for the neuron's weights, and they are the weights before and after.
    const stepped = await panel(page);
    for (const r of stepped.rows) {
      const j = r.input < 0 ? null : 2 + r.input;
      assert.equal(r.old, j === null ? before[0].b[1] : before[0].w[j]);
      assert.equal(r.new, j === null ? after[0].b[1] : after[0].w[j]);
    }
    // And the same step in Node lands on the same weights.
    net.step([data.x[2 * p.index], data.x[2 * p.index + 1]], data.y[p.index]);
    assert.deepEqual(net.getWeights().map((x) => [...x.weights]), after.map((x) => x.w));
  } finally {
    net.dispose();
  }
  // The keyboard steps through the points.
  await map.focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((prev) => Number(document.querySelector('ap-playground').shadowRoot.querySelector('ap-explain')
    .shadowRoot.querySelector('.example')?.dataset.index) === (prev + 1) % 500, p.index, { timeout: 10000 });
  await finish(page, errors, offOrigin, 'explain');
});

test('stop at test accuracy ≥ 0.95 stops training with a notice; the confusion counts sum to the points', async () => {
  const { page, errors, offOrigin } = await openTrain('&stop-accuracy=0.95&speed=10');
  const cells = () => page.evaluate(() => [...document.querySelector('ap-playground').shadowRoot.querySelector('ap-confusion')
    .shadowRoot.querySelectorAll('td[data-actual]')].map((td) => Number(td.textContent)));
  assert.equal((await cells()).reduce((a, b) => a + b, 0), 250, 'test points (50 % of 500)');
  await page.locator('ap-train-controls[section=run] button[data-control=play]').click();
  await page.locator('ap-playground .stopped').waitFor({ timeout: 90000 });
  const status = await page.evaluate(() => document.querySelector('[role=status]').textContent);
  const acc = Number(/test accuracy ([\d.]+)%/.exec(status)?.[1]);
  assert.ok(acc >= 95, status);
  await page.locator('ap-train-controls[section=run] button[data-control=play][aria-label=Play]').waitFor();
  const epoch = Number(/Epoch (\d+);/.exec(status)[1]);
  await page.waitForTimeout(800);
  assert.equal(Number(/Epoch (\d+);/.exec(await page.evaluate(() => document.querySelector('[role=status]').textContent))[1]), epoch, 'stays stopped');
  const test = await cells();
  assert.equal(test.reduce((a, b) => a + b, 0), 250);
  assert.ok((test[0] + test[3]) / 250 >= 0.95, `diagonal ${test}`);
  await page.locator('ap-confusion select').selectOption('train');
  assert.equal((await cells()).reduce((a, b) => a + b, 0), 250, 'training points');
  assert.ok(await page.locator('ap-confusion caption').count() === 1);
  await finish(page, errors, offOrigin, 'stop-confusion');
});

test('regression: the Train view trains 2-8-8-1 on the plane to test loss ≤ 0.01 and stops there', async () => {
  const { page, errors, offOrigin } = await openTrain('&problem=regression&layers=8,8&speed=10&stop-loss=0.01');
  const pressed = await page.evaluate(() => [...document.querySelector('ap-playground').shadowRoot.querySelectorAll('ap-train-controls')]
    .map((c) => c.shadowRoot.querySelector('[data-control=dataset] button[aria-pressed=true]')?.textContent).filter(Boolean));
  assert.deepEqual(pressed, ['Plane']);
  assert.equal(await page.locator('ap-confusion').count(), 0, 'no confusion matrix for regression');
  await page.locator('ap-train-controls[section=run] button[data-control=play]').click();
  await page.locator('ap-playground .stopped').waitFor({ timeout: 120000 });
  const loss = Number(await page.locator('ap-playground dd.test-loss').textContent());
  assert.ok(loss <= 0.01, `test loss ${loss}`);
  await finish(page, errors, offOrigin, 'regression');
});

test('lesson "Stacked linear layers stay linear": the collapsed line is drawn inside the view, beside a tanh network', async () => {
  const { page, errors, offOrigin } = await openPage(site.browser.context, `${site.server.url}#view=lessons&lesson=collapse`);
  await page.waitForSelector('ap-linear-collapse', { state: 'attached' });
  await page.waitForFunction(() => document.querySelector('ap-linear-collapse').sessions?.[0]?.epoch >= 150, null, { timeout: 60000 });
  const r = await page.evaluate(() => {
    const el = document.querySelector('ap-linear-collapse');
    const m = el.sessions[0].net.linearMap();
    const c = el.shadowRoot.querySelector('#region');
    return { w: [...m.weights], b: m.biases[0], line: c.dataset.line, view: Number(c.dataset.view),
             tanh: !!el.shadowRoot.querySelector('#region-tanh'), sessions: el.sessions.length };
  });
  const distance = Math.abs(r.b) / Math.hypot(r.w[0], r.w[1]);
  assert.equal(r.line, 'drawn');
  assert.ok(distance < r.view, `the line (${distance.toFixed(2)} from the centre) lies inside the ±${r.view} view`);
  assert.ok(r.tanh && r.sessions === 2, 'the same data through a tanh network beside it');
  await finish(page, errors, offOrigin, 'lesson-collapse');
});

test('lesson "Saturation and vanishing gradients": one named line per layer, per-epoch RMS, the first/last ratio as a number', async () => {
  const { page, errors, offOrigin } = await openPage(site.browser.context, `${site.server.url}#view=lessons&lesson=gradients`);
  await page.waitForSelector('ap-gradient-flow', { state: 'attached' });
  await page.waitForFunction(() => document.querySelector('ap-gradient-flow').sessions?.[0]?.epoch >= 5, null, { timeout: 60000 });
  const figs = await page.evaluate(() => [...document.querySelector('ap-gradient-flow').shadowRoot.querySelectorAll('figure')].map((f) => ({
    items: [...f.querySelectorAll('.legend li')].map((li) => li.textContent.trim()),
    ratio: Number(f.querySelector('.ratio')?.dataset.value),
    ratioText: f.querySelector('.ratio')?.textContent,
    title: f.querySelector('figcaption b')?.textContent,
  })));
  assert.equal(figs.length, 2);
  for (const f of figs) {
    assert.equal(f.items.length, 9, `${f.title}: 8 hidden layers and the output, each named`);
    assert.equal(new Set(f.items).size, 9);
    assert.ok(Number.isFinite(f.ratio) && f.ratio > 0, f.ratioText);
    assert.match(f.ratioText, /first \/ last layer: [\d.e+-]+/);
  }
  const sigmoid = figs.find((f) => f.title === 'sigmoid');
  assert.ok(sigmoid.ratio < 0.1, `sigmoid's gradient vanishes towards the input: ratio ${sigmoid.ratio}`);
  await finish(page, errors, offOrigin, 'lesson-gradients');
});
