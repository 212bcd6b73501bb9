// What a cold page fetches (a fresh context, cache disabled, the built site from a plain static server):
// a one-plot page gets the embed script, the shared chunk, the plot's own code and one .wasm, and neither
// the Worker nor any other element's code; the playground's first view gets Explore and not Train or
// Lessons; both stay within the byte budgets of tests/browser/budgets.mjs. And an element loaded late
// keeps what the page did to it before its code arrived.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { BUDGETS, TARGETS } from './budgets.mjs';
import { coldLoad, launchHeadless, ONE_PLOT_PAGE, serveSite } from './cold-load.mjs';
import { root } from './harness.mjs';
import { waitForDrawn } from './lesson-helpers.mjs';

const site = join(root, 'build/site');

// A page script that runs before <ap-activation-plot>'s code has arrived: it sets a property (which must
// win over the attribute), listens for the element's event, and watches a shadow root of its own.
const EARLY_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>early</title>
<script type="module" src="./embed/ap-components.js"></script><script type="module" src="./early.js"></script></head>
<body><ap-activation-plot id="p" activations="sigmoid,tanh"></ap-activation-plot><div id="host"></div></body></html>`;
const EARLY_JS = `import { loadElement, observeElements } from './embed/ap-components.js';
const el = document.getElementById('p');
window.early = { definedBefore: !!customElements.get('ap-activation-plot'), drawnEvents: 0 };
el.activations = 'relu';
el.addEventListener('plot-drawn', () => { window.early.drawnEvents++; });
const shadow = document.getElementById('host').attachShadow({ mode: 'open' });
observeElements(shadow);
shadow.innerHTML = '<ap-property-table activation="elu"></ap-property-table>';
try { loadElement('ap-no-such-element'); } catch (e) { window.early.unknown = e.name + ': ' + e.message; }`;

// A plot of sigmoid alone, and the pixels each of its draws leaves where sigmoid saturates (x = −5.5) and
// where it does not (x = −0.5), both at y = 0.7, away from the curve.
const SHADING_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>shading</title>
<script type="module" src="./embed/ap-components.js"></script><script type="module" src="./shading.js"></script></head>
<body><ap-activation-plot activations="sigmoid"></ap-activation-plot></body></html>`;
const SHADING_JS = `window.draws = [];
customElements.whenDefined('ap-activation-plot').then(() => {
  const el = document.querySelector('ap-activation-plot');
  const px = (x, y) => {
    const c = el.shadowRoot.querySelector('canvas.base');
    const dpr = c.width / parseFloat(c.style.width);
    const p = el.toCanvasPoint(x, y);
    return Array.from(c.getContext('2d').getImageData(Math.round(p.x * dpr), Math.round(p.y * dpr), 1, 1).data.slice(0, 3));
  };
  el.addEventListener('plot-drawn', () => window.draws.push({ pending: el.shadingPending, saturated: px(-5.5, 0.7), plain: px(-0.5, 0.7) }));
});`;

let server;
let browser;
before(async () => {
  server = await serveSite(site, { '/one-plot.html': ONE_PLOT_PAGE, '/early.html': EARLY_PAGE,
                                   '/early.js': { type: 'text/javascript', body: EARLY_JS }, '/shading.html': SHADING_PAGE,
                                   '/shading.js': { type: 'text/javascript', body: SHADING_JS } });
  browser = await launchHeadless();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** The ap-* tags that the JavaScript a load fetched defines (customElements.define calls in its text). */
function definedTags(requests) {
  const tags = new Set();
  for (const r of requests.filter((q) => q.path.endsWith('.js'))) {
    const text = readFileSync(join(site, r.path));
    for (const m of String(text).matchAll(/customElements\.define\(\s*[`'"](ap-[a-z-]+)[`'"]/g)) tags.add(m[1]);
  }
  return [...tags].sort();
}

/** A page of `url` in a new context, with the errors it logs; close the context when done. */
async function freshPage(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  return { context, page, errors };
}

/** Bytes of the .wasm and of the rest, with the list of requests printed for the log. */
function split(name, requests) {
  console.log(`${name}: ${requests.map((r) => `${r.path} ${r.bytes}`).join(', ')}`);
  assert.deepEqual(requests.filter((r) => r.status !== 200), [], 'every request is served');
  const wasm = requests.filter((r) => r.path.endsWith('.wasm'));
  assert.equal(wasm.length, 1, 'one .wasm request');
  const rest = requests.filter((r) => !r.path.endsWith('.wasm')).reduce((s, r) => s + r.bytes, 0);
  const total = wasm[0].bytes + rest;
  console.log(`${name}: engine.wasm ${wasm[0].bytes} B, the rest ${rest} B, ${(total / 1024).toFixed(1)} KiB in all`);
  return { wasm: wasm[0].bytes, rest, total };
}

test('a one-plot page fetches the embed script, the shared chunk, the plot and one .wasm: no Worker, no other element', async () => {
  const { requests } = await coldLoad(browser, server, `${server.url}/one-plot.html`);
  const bytes = split('one plot', requests);
  assert.ok(!requests.some((r) => /worker/i.test(r.path)), 'the Worker script was fetched');
  assert.deepEqual(definedTags(requests), ['ap-activation-plot'], 'code of other elements was fetched');
  assert.ok(bytes.wasm <= BUDGETS.wasm, `engine.wasm is ${bytes.wasm} B, over its budget of ${BUDGETS.wasm} B`);
  assert.ok(bytes.rest <= BUDGETS.onePlotRest, `the one-plot page's JS and HTML are ${bytes.rest} B, over ${BUDGETS.onePlotRest} B`);
  console.log(`one plot: issue 16's target ${TARGETS.onePlot} B, ${bytes.total <= TARGETS.onePlot ? 'met' : 'not met yet'}`);
});

test('the playground\'s first view fetches Explore and one .wasm, not Train, Lessons or the Worker; Train loads on its tab', async () => {
  const { requests } = await coldLoad(browser, server, `${server.url}/`);
  const bytes = split('playground', requests);
  assert.ok(!requests.some((r) => /worker/i.test(r.path)), 'the Worker script was fetched');
  assert.deepEqual(definedTags(requests), ['ap-activation-plot', 'ap-formula', 'ap-param-sliders', 'ap-property-table', 'ap-softmax-view']);
  assert.ok(bytes.wasm <= BUDGETS.wasm, `engine.wasm is ${bytes.wasm} B, over its budget of ${BUDGETS.wasm} B`);
  assert.ok(bytes.rest <= BUDGETS.playgroundRest, `the playground's first view fetches ${bytes.rest} B besides the .wasm, over ${BUDGETS.playgroundRest} B`);
  assert.ok(bytes.total <= TARGETS.playground, `the playground's first view fetches ${bytes.total} B, over issue 16's ${TARGETS.playground} B`);

  // The Train tab loads its view (and ap-playground) when first shown, and it trains from the page's module.
  const { context, page, errors } = await freshPage(`${server.url}/`);
  try {
    await waitForDrawn(page, 'ap-activation-plot', 0, 20000, false);
    server.log.length = 0;
    await page.locator('#tab-train').click();
    await waitForDrawn(page, 'ap-playground', 0, 30000, false);
    const later = server.log.map((r) => r.path);
    assert.ok(later.some((p) => /ap-playground/.test(p)), `Train's code was not fetched on the tab: ${later}`);
    assert.ok(!later.some((p) => p.endsWith('.wasm')), 'Train fetched the .wasm again');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('an element whose code arrives late keeps the properties, listeners and shadow-root placement the page gave it', async () => {
  const { context, page, errors } = await freshPage(`${server.url}/early.html`);
  try {
    await waitForDrawn(page, 'ap-activation-plot', 0, 20000, false);
    await page.waitForFunction(() => window.early.drawnEvents > 0);
    const early = await page.evaluate(() => window.early);
    assert.equal(early.definedBefore, false, 'the element was defined before the page script ran: nothing was tested');
    const labels = await page.evaluate(() => [...document.querySelector('#p').shadowRoot.querySelectorAll('.legend > span')].map((s) => s.textContent.trim()));
    assert.deepEqual(labels, ['relu'], 'the property set before the upgrade is what the plot shows');
    assert.match(early.unknown, /^RangeError: loadElement: tag must be one of ap-activation-plot, .*ap-no-such-element/);
    await page.waitForFunction(() => /ELU|elu/.test(document.getElementById('host').shadowRoot.querySelector('ap-property-table').shadowRoot?.textContent ?? ''),
      null, { timeout: 20000 });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a cold plot draws its curves first and the saturation shading (properties()) after that frame', async () => {
  const { context, page, errors } = await freshPage(`${server.url}/shading.html`);
  try {
    await page.waitForFunction(() => window.draws.some((d) => !d.pending), null, { timeout: 20000 });
    const draws = await page.evaluate(() => window.draws);
    const first = draws[0];
    const last = draws.at(-1);
    assert.equal(first.pending, true, 'the first draw waited for properties()');
    assert.deepEqual(first.saturated, first.plain, 'the first draw shaded a stretch before properties() was computed');
    assert.equal(last.pending, false);
    // The shading, once computed, tints the saturated stretch towards sigmoid's colour (blue) and not the rest.
    assert.notDeepEqual(last.saturated, last.plain, 'no shading after properties()');
    assert.deepEqual(last.plain, first.plain);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
