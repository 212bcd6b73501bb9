// Formula activations in the browser: typing a formula in Explore's Custom card draws it (pixels
// change, and its colour lies on the curve the maths predicts), a broken formula shows its column and
// leaves the URL alone, the URL round trip restores formula and parameters, and the components'
// `formula` attribute plots it.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openPage, useSiteAndBrowser } from './harness.mjs';
import { curveColour, nearestColourDistance } from './plot-helpers.mjs';

const site = useSiteAndBrowser();

async function open(hash = '') {
  const p = await openPage(site.browser.context, site.server.url + hash);
  await p.page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  await p.page.waitForFunction(() => document.querySelector('ap-activation-plot')?.drawCount >= 1, null, { timeout: 10000 });
  await p.page.waitForFunction(() => document.querySelector('ap-activation-plot').shadingPending === false, null, { timeout: 10000 });
  return p;
}

const draws = (page) => page.evaluate(() => document.querySelector('ap-activation-plot').drawCount);
const waitDraws = (page, n) =>
  page.waitForFunction((k) => document.querySelector('ap-activation-plot').drawCount >= k, n, { timeout: 10000 });

/** Smallest colour distance to the curve labelled `label` among pixels within r px of data point (x, y). */
const distanceToCurve = async (page, label, x, y, r = 3) => nearestColourDistance(page, x, y, await curveColour(page, label), r);

const mish = (x) => x * Math.tanh(Math.log1p(Math.exp(x)));

test('typing a formula in Custom draws it where the maths puts it, and puts it in the URL', async () => {
  const { page, errors, offOrigin } = await open('#act=relu&deriv=false');
  const formula = 'x * tanh(softplus(x))';
  const n = await draws(page);
  await page.getByLabel('f(x) =').fill(formula);
  await waitDraws(page, n + 1);
  for (const x of [-3, -1, 0.5, 2]) {
    assert.ok(await distanceToCurve(page, formula, x, mish(x)) < 60, `no custom-coloured pixel on the curve at x = ${x}`);
    assert.ok(await distanceToCurve(page, formula, x, mish(x) + 0.8) > 150, `custom colour off the curve at x = ${x}`);
  }
  assert.match(decodeURIComponent(page.url()), /custom=x \* tanh\(softplus\(x\)\)|custom=x\+\*\+tanh/);
  // The formula view shows the engine's TeX of f and f′ (MathML), and the property table has a column.
  const formulas = await page.locator('.ap-formula-row').filter({ hasText: 'custom' }).count();
  assert.equal(formulas, 1);
  const header = await page.locator('ap-property-table').locator('th[scope=col]').allTextContents();
  assert.ok(header.some((h) => h.includes(formula)), `property table header: ${header}`);
  assert.deepEqual(errors, []);
  assert.deepEqual(offOrigin, []);
  await page.close();
});

test('a broken formula shows its column under a caret and leaves the last good one in the URL', async () => {
  const { page, errors } = await open('#act=relu&custom=x%20*%20sigmoid(x)');
  await page.waitForFunction(() => document.querySelector('ap-activation-plot').shadowRoot.textContent.includes('x * sigmoid(x)'));
  const before = page.url();
  await page.getByLabel('f(x) =').fill('x * (1 + tanh(x)');
  const alert = page.locator('.ap-custom [role=alert]');
  await alert.waitFor();
  const text = await alert.textContent();
  assert.match(text, /SyntaxError|expected '\)'/);
  assert.match(text, /at column 17: x \* \(1 \+ tanh\(x\)/);
  const caret = await page.locator('.ap-custom-caret').textContent();
  assert.equal(caret.split('\n')[1].indexOf('^'), 16);
  assert.equal(page.url(), before);
  assert.equal(await page.getByLabel('f(x) =').getAttribute('aria-invalid'), 'true');
  // Fixing it draws again.
  const n = await draws(page);
  await page.getByLabel('f(x) =').fill('x * (1 + tanh(x))');
  await waitDraws(page, n + 1);
  assert.equal(await page.locator('.ap-custom [role=alert]').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the URL round trip restores the formula, its parameters and their sliders', async () => {
  const first = await open('#act=relu&deriv=false');
  await first.page.getByLabel('f(x) =').fill('x * sigmoid(beta * x)');
  await first.page.getByLabel('Parameters of f').fill('beta = 2 in [0, 10]');
  await first.page.waitForFunction(() => location.hash.includes('custom-params'));
  const url = first.page.url();
  await first.page.close();
  const { page, errors } = await open(url.slice(url.indexOf('#')));
  assert.equal(await page.getByLabel('f(x) =').inputValue(), 'x * sigmoid(beta * x)');
  assert.equal(await page.getByLabel('Parameters of f').inputValue(), 'beta = 2 in [0, 10]');
  const label = 'x * sigmoid(beta * x)';
  for (const x of [-2, 1, 3]) {
    const y = x / (1 + Math.exp(-2 * x));
    assert.ok(await distanceToCurve(page, label, x, y) < 60, `restored curve missing at x = ${x}`);
  }
  // beta has a slider under the custom activation, with the declared range.
  const slider = page.locator('ap-param-sliders input[type=range]').last();
  assert.equal(await slider.getAttribute('max'), '10');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a link with a broken formula gives a notice naming it, and the page keeps working', async () => {
  const { page, errors } = await open('#act=relu&custom=exp(x');
  const notice = await page.locator('body').textContent();
  assert.match(notice, /custom/);
  assert.match(notice, /column 6/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Train offers the custom formula in the layers\' activation list and trains with it in its worker', async () => {
  const { page, errors } = await openPage(site.browser.context,
    `${site.server.url}#view=train&custom=x%20*%20tanh(x)&activation=custom`);
  await page.waitForFunction(() => /Epoch 0;/.test(document.querySelector('[role=status]')?.textContent ?? ''), null, { timeout: 20000 });
  const select = page.locator('ap-train-controls select').filter({ has: page.locator('option[value=custom]') }).first();
  assert.equal(await select.inputValue(), 'custom');
  await page.locator('[data-control=step]').first().click();
  await page.waitForFunction(() => /Epoch [1-9]/.test(document.querySelector('[role=status]')?.textContent ?? ''), null, { timeout: 20000 });
  assert.deepEqual(errors, []);
  await page.close();
});
