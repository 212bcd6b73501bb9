// Accessibility as a peer tool sees it: axe-core (the npm package, injected into the page) over every
// view of the built site (Explore, Train, each lesson, the tutorial) and over a plain page of every
// embeddable element: no serious or critical violation anywhere (moderate and minor ones are printed,
// and listed in README). Plus the keyboard contracts the fixes rely on: the lesson list is a real
// vertical tablist (arrow keys, Home, End, one tab stop) and the network diagram's neurons are buttons.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';

import { startEmbedServer } from './embed-server.mjs';
import { launchBrowser, openPage, startServer } from './harness.mjs';
import { waitForDrawn } from './lesson-helpers.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const BLOCKING = new Set(['serious', 'critical']);
const LESSONS = [
  ['collapse', 'ap-linear-collapse'], ['xor', 'ap-xor-threshold-net'], ['circle', 'ap-feature-space'],
  ['hidden', 'ap-hidden-space'], ['gradients', 'ap-gradient-flow'], ['dying', 'ap-dying-relu'],
  ['learnable', 'ap-learnable-params'], ['compare', 'ap-compare'], ['depth', 'ap-depth-sweep'],
];

// Every element README's "Embedding" section documents, with its example attributes.
const EMBED_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Every embeddable element</title>
<script type="module" src="/embed/ap-components.js"></script></head><body><main>
<h1>Every embeddable element</h1>
<ap-activation-plot activations="mish,swish" derivative params="swish.beta=1.5"></ap-activation-plot>
<ap-property-table activation="elu"></ap-property-table>
<ap-formula activation="gelu" which="derivative"></ap-formula>
<ap-param-sliders activations="elu,swish"></ap-param-sliders>
<ap-playground dataset="spiral3" layers="8,8" activation="tanh" output="softmax" controls="play,step,reset"></ap-playground>
<ap-softmax-view values="2,1,0.1" temperature="1"></ap-softmax-view>
<ap-linear-collapse dataset="circle" layers="4,4" seed="1" noise="0.1"></ap-linear-collapse>
<ap-xor-threshold-net></ap-xor-threshold-net>
<ap-feature-space seed="1" noise="0.1"></ap-feature-space>
<ap-hidden-space dataset="circle" layers="6,2" activation="tanh" layer="1" units="0,1" morph="1"></ap-hidden-space>
<ap-gradient-flow activations="sigmoid,relu" depth="8" units="8" learning-rate="0.1"></ap-gradient-flow>
<ap-dying-relu learning-rates="0.03,1" layers="8,8,8" dataset="spiral"></ap-dying-relu>
<ap-learnable-params layers="8,8" dataset="spiral"></ap-learnable-params>
<ap-compare activations="relu,tanh,sigmoid" dataset="spiral" layers="8,8" learning-rate="0.01" epochs="300"></ap-compare>
<ap-depth-sweep activations="relu,swish,mish" depths="1,2,4" units="8" epochs="20" dataset="spiral"></ap-depth-sweep>
</main></body></html>`;
const EMBED_TAGS = [...EMBED_PAGE.matchAll(/<(ap-[a-z-]+)/g)].map((m) => m[1]);

let site;
let embed;
let browser;
/** Moderate and minor findings, per rule: printed at the end (README lists them). */
const lesser = new Map();

before(async () => {
  site = await startServer();
  embed = await startEmbedServer({ '/': EMBED_PAGE });
  // axe is injected as a script tag, which the pages' CSP forbids: the peer tool bypasses it (the
  // pages themselves still run under their policy's rules for everything they load).
  browser = await launchBrowser({ bypassCSP: true });
});
after(async () => {
  await browser?.close();
  site?.close();
  embed?.close();
  for (const [rule, where] of lesser) console.log(`a11y: ${rule} on ${[...where].join(', ')}`);
});

/** Runs axe over the whole page (open shadow roots included); asserts no serious or critical violation. */
async function audit(page, name) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' >>> ')}: ${n.failureSummary}`) })));
  for (const v of violations.filter((x) => !BLOCKING.has(x.impact))) {
    const key = `${v.impact} ${v.id} (${v.help})`;
    if (!lesser.has(key)) lesser.set(key, new Set());
    lesser.get(key).add(name);
  }
  const bad = violations.filter((v) => BLOCKING.has(v.impact));
  assert.deepEqual(bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 5).join('\n  ')}`), [], `${name}: axe violations`);
}

async function open(url, colorScheme = 'light') {
  const { page, errors } = await openPage(browser.context, 'about:blank');
  await page.emulateMedia({ colorScheme });
  await page.goto(url);
  return { page, errors };
}

describe('axe over every view', () => {
  for (const scheme of ['light', 'dark']) {
    test(`Explore (${scheme})`, async () => {
      const { page, errors } = await open(`${site.url}#view=explore`, scheme);
      await page.waitForSelector('body[data-ready="true"]');
      await waitForDrawn(page, 'ap-activation-plot', 0, 20000, false);
      await audit(page, `explore-${scheme}`);
      assert.deepEqual(errors, []);
      await page.close();
    });

    test(`Train (${scheme})`, async () => {
      const { page, errors } = await open(`${site.url}#view=train`, scheme);
      await page.waitForSelector('ap-playground', { state: 'attached' });
      await waitForDrawn(page, 'ap-playground', 0, 20000, false);
      await audit(page, `train-${scheme}`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('Explore with notices about a bad link', async () => {
    const { page, errors } = await open(`${site.url}#view=explore&act=sigmoid,nope&x=9,1&temp=abc`);
    await page.waitForSelector('.ap-notices[role=alert]');
    await waitForDrawn(page, 'ap-activation-plot', 0, 20000, false);
    await audit(page, 'explore-notices');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('every lesson', async () => {
    const { page, errors } = await open(`${site.url}#view=lessons&lesson=collapse`);
    for (const [id, tag] of LESSONS) {
      await page.evaluate((l) => { location.hash = `view=lessons&lesson=${l}`; }, id);
      await page.waitForSelector(`article[data-lesson="${id}"] ${tag}`, { timeout: 15000 });
      await waitForDrawn(page, tag);
      await audit(page, `lesson ${id}`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  for (const lang of ['en', 'zh']) {
    test(`the tutorial (${lang})`, async () => {
      const { page, errors } = await open(`${site.url}tutorial.html#lang=${lang}`);
      await page.waitForSelector('body[data-ready="true"]');
      for (const tag of ['ap-activation-plot', 'ap-xor-threshold-net', 'ap-depth-sweep']) {
        await page.locator(tag).first().scrollIntoViewIfNeeded();
        await waitForDrawn(page, tag, 0, 20000, false);
      }
      await audit(page, `tutorial-${lang}`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  for (const scheme of ['light', 'dark']) {
    test(`a page of every embeddable element (${scheme})`, async () => {
      const { page, errors } = await open(embed.url, scheme);
      await page.waitForFunction((tags) => tags.every((t) => document.querySelector(t)?.shadowRoot?.childElementCount > 0), EMBED_TAGS,
        { timeout: 20000 });
      for (const tag of ['ap-activation-plot', 'ap-playground', 'ap-dying-relu', 'ap-depth-sweep'])
        await waitForDrawn(page, tag, 0, 20000, false);
      await audit(page, `embed-${scheme}`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});

describe('keyboard contracts behind the markup', () => {
  test('the lesson list is a vertical tablist: arrows, Home and End move the selection and the focus; one tab stop', async () => {
    const { page } = await open(`${site.url}#view=lessons&lesson=collapse`);
    await page.waitForSelector('article[data-lesson="collapse"]');
    const tabs = page.locator('[role=tablist][aria-orientation=vertical] > [role=tab]');
    assert.equal(await tabs.count(), LESSONS.length);
    const state = () => page.evaluate(() => ({
      selected: [...document.querySelectorAll('[aria-orientation=vertical] > [role=tab]')].filter((b) => b.getAttribute('aria-selected') === 'true').map((b) => b.id),
      tabStops: [...document.querySelectorAll('[aria-orientation=vertical] > [role=tab]')].filter((b) => b.tabIndex === 0).map((b) => b.id),
      focused: document.activeElement?.id,
      panel: document.querySelector('#lesson-panel').getAttribute('aria-labelledby'),
      shown: document.querySelector('#lesson-panel article').dataset.lesson,
    }));
    const expect = (id) => ({ selected: [`lesson-tab-${id}`], tabStops: [`lesson-tab-${id}`], focused: `lesson-tab-${id}`, panel: `lesson-tab-${id}`, shown: id });
    await tabs.first().focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => document.activeElement?.id === 'lesson-tab-xor');
    assert.deepEqual(await state(), expect('xor'));
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.activeElement?.id === 'lesson-tab-depth');
    assert.deepEqual(await state(), expect('depth'));
    await page.keyboard.press('ArrowDown');  // wraps to the first
    await page.waitForFunction(() => document.activeElement?.id === 'lesson-tab-collapse');
    assert.deepEqual(await state(), expect('collapse'));
    await page.keyboard.press('ArrowUp');  // and back to the last
    await page.waitForFunction(() => document.activeElement?.id === 'lesson-tab-depth');
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.activeElement?.id === 'lesson-tab-collapse');
    assert.deepEqual(await state(), expect('collapse'));
    await page.close();
  });

  test('a neuron of the network diagram is a named button: Space opens the editor of its weights, Escape closes it', async () => {
    const { page, errors } = await open(`${site.url}#view=train&layers=2`);
    await page.waitForSelector('ap-playground', { state: 'attached' });
    await waitForDrawn(page, 'ap-playground', 0, 20000, false);
    const neuron = page.getByRole('button', { name: 'Neuron 1 of layer 1' });
    await neuron.focus();
    await page.keyboard.press(' ');
    const editor = page.locator('ap-network-diagram form.editor');
    await editor.waitFor();
    // Two inputs (x1, x2) and the bias.
    assert.equal(await editor.locator('input').count(), 3);
    await audit(page, 'train-weight-editor');
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
