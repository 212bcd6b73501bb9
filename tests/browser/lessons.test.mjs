// The Lessons view and the tutorial page in headless Chromium: every lesson draws (pixels, not DOM),
// the step-threshold XOR network's truth table comes from the engine and follows edits, the sigmoid
// version learns XOR, the tutorial renders in English and Simplified Chinese without errors.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { openPage, useSiteAndBrowser } from './harness.mjs';
import { canvasStats, inlineError, shotDir, waitForDrawn } from './lesson-helpers.mjs';

const LESSONS = [
  ['collapse', 'ap-linear-collapse'],
  ['xor', 'ap-xor-threshold-net'],
  ['circle', 'ap-feature-space'],
  ['hidden', 'ap-hidden-space'],
  ['gradients', 'ap-gradient-flow'],
  ['dying', 'ap-dying-relu'],
  ['learnable', 'ap-learnable-params'],
  ['compare', 'ap-compare'],
  ['depth', 'ap-depth-sweep'],
];

const site = useSiteAndBrowser();

/** Rows of the XOR truth table as [x1, x2, y]. */
function truthTable(page) {
  return page.evaluate(() => [...document.querySelector('ap-xor-threshold-net').shadowRoot.querySelectorAll('tbody tr')]
    .map((tr) => [Number(tr.cells[0].textContent), Number(tr.cells[1].textContent), Number(tr.querySelector('[data-y]').dataset.y)]));
}

/** The hidden columns of the step network's truth table as [h1, h2] per row. */
function hiddenColumns(page) {
  return page.evaluate(() => [...document.querySelector('ap-xor-threshold-net').shadowRoot.querySelectorAll('tbody tr')]
    .map((tr) => [Number(tr.querySelector('[data-h1]').dataset.h1), Number(tr.querySelector('[data-h2]').dataset.h2)]));
}

describe('Lessons view', () => {
  test('every lesson draws its plots and logs no errors', async () => {
    const { page, errors, offOrigin } = await openPage(site.browser.context, `${site.server.url}#view=lessons&lesson=collapse`);
    for (const [id, tag] of LESSONS) {
      await page.evaluate((l) => { location.hash = `view=lessons&lesson=${l}`; }, id);
      await page.waitForSelector(`article[data-lesson="${id}"] ${tag}`, { timeout: 15000 });
      await waitForDrawn(page, tag);
      assert.equal(await inlineError(page, tag), null, `${tag} shows an error`);
      const stats = await canvasStats(page, tag);
      for (const c of stats) {
        assert.ok(c.inked > 300, `${tag}: a canvas has only ${c.inked} inked pixels`);
        assert.ok(c.colours > 6, `${tag}: a canvas has only ${c.colours} colours`);
      }
      // The lesson's text is there, in English by default.
      assert.ok((await page.textContent('article.ap-lesson .ap-text')).length > 80);
      await page.screenshot({ path: join(shotDir, `lesson-${id}.png`), fullPage: true });
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(offOrigin, []);
    await page.close();
  });

  test('the XOR threshold network reads 0,1,1,0 from the engine and follows edited thresholds', async () => {
    const { page, errors } = await openPage(site.browser.context, `${site.server.url}#view=lessons&lesson=xor`);
    await page.waitForSelector('ap-xor-threshold-net');
    await waitForDrawn(page, 'ap-xor-threshold-net');
    assert.deepEqual(await truthTable(page), [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]);
    // The engine network's hidden layer: h1 is OR, h2 is AND.
    assert.deepEqual(await hiddenColumns(page), [[0, 0], [1, 0], [1, 0], [1, 1]]);
    // An AND threshold of 0.5 fires h2 on (0,1) and (1,0) too; its −2 veto then silences every row.
    await page.locator('ap-xor-threshold-net input[data-edit="ht1"]').fill('0.5');
    await page.waitForFunction(() => [...document.querySelector('ap-xor-threshold-net').shadowRoot.querySelectorAll('[data-y]')]
      .every((td) => td.dataset.y === '0'));
    assert.deepEqual(await hiddenColumns(page), [[0, 0], [1, 1], [1, 1], [1, 1]]);
    // The output threshold at −0.5 makes (0,0) fire: step(0 − (−0.5)) = 1.
    await page.locator('ap-xor-threshold-net input[data-edit="ot"]').fill('-0.5');
    await page.waitForFunction(() => document.querySelector('ap-xor-threshold-net').shadowRoot.querySelector('[data-y]').dataset.y === '1');
    // PNG export of the lesson's plot.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('ap-xor-threshold-net #png').click()]);
    assert.equal(download.suggestedFilename(), 'ap-xor-threshold-net.png');
    const png = readFileSync(await download.path());
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
    assert.ok(png.length > 2000);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the collapsed affine map is the identity network: same sign as its prediction everywhere, while training', async () => {
    const { page, errors } = await openPage(site.browser.context, `${site.server.url}#view=lessons&lesson=collapse`);
    await page.waitForSelector('ap-linear-collapse', { state: 'attached' });
    await waitForDrawn(page, 'ap-linear-collapse');
    await page.waitForFunction(() => document.querySelector('ap-linear-collapse').sessions?.[0]?.epoch >= 20, null, { timeout: 20000 });
    const r = await page.evaluate(() => {
      const net = document.querySelector('ap-linear-collapse').sessions[0].net;
      const { weights: w, biases: b } = net.linearMap();
      const xy = new Float32Array(2000);
      for (let i = 0; i < xy.length; i++) xy[i] = Math.sin(i * 12.9898) * 6;   // spread over [-6, 6]²
      const p = net.predict(xy);
      let agree = 0, maxErr = 0;
      for (let i = 0; i < 1000; i++) {
        const z = w[0] * xy[2 * i] + w[1] * xy[2 * i + 1] + b[0];
        const sig = 1 / (1 + Math.exp(-z));
        maxErr = Math.max(maxErr, Math.abs(sig - p[i]));
        if ((z > 0) === (p[i] > 0.5) || Math.abs(z) < 1e-4) agree++;
      }
      return { agree, maxErr, text: document.querySelector('ap-linear-collapse').shadowRoot.querySelector('#map').textContent };
    });
    assert.equal(r.agree, 1000);
    assert.ok(r.maxErr < 1e-4, `sigmoid(map) differs from the prediction by ${r.maxErr}`);
    assert.match(r.text, /^z = −?\d+\.\d{3}·x1 [+−] \d+\.\d{3}·x2 [+−] \d+\.\d{3}$/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('swapping step for sigmoid and training learns XOR', async () => {
    const { page, errors } = await openPage(site.browser.context, `${site.server.url}#view=lessons&lesson=xor`);
    await page.waitForSelector('ap-xor-threshold-net');
    await page.locator('ap-xor-threshold-net #swap').click();
    await page.locator('ap-xor-threshold-net #train').click();
    await page.waitForFunction(() => [...document.querySelector('ap-xor-threshold-net').shadowRoot.querySelectorAll('[data-y]')]
      .map((td) => td.dataset.y).join() === '0,1,1,0', null, { timeout: 30000 });
    await page.screenshot({ path: join(shotDir, 'lesson-xor-sigmoid.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('iframe embed mode', () => {
  test('a page frames one lesson with its text and the lesson list hidden through the URL state', async () => {
    const page = await site.browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const src = `${site.server.url}#view=lessons&lesson=xor&hideText=true&hide=lesson-list`;
    await page.setContent(`<h1>My tutorial</h1><iframe title="XOR" src="${src}" width="900" height="640"></iframe>`);
    const frame = page.frameLocator('iframe');
    await frame.locator('ap-xor-threshold-net').waitFor({ state: 'attached', timeout: 15000 });
    await frame.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    // The element renders once its code (and the engine's training half) has arrived, which can be after the
    // page's engine is ready: the lesson is laid out when it shows.
    await frame.locator('ap-xor-threshold-net').waitFor({ state: 'visible', timeout: 15000 });
    assert.equal(await frame.locator('article.ap-lesson .ap-text').isVisible(), false, 'the lesson text is hidden');
    assert.equal(await frame.locator('nav.ap-lesson-list').isVisible(), false, 'the lesson list is hidden');
    const f = page.frames().find((fr) => fr.url().startsWith(site.server.url));
    await waitForDrawn(f, 'ap-xor-threshold-net');
    assert.deepEqual(await truthTable(f), [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]);
    await page.screenshot({ path: join(shotDir, 'lesson-iframe.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('Tutorial page', () => {
  for (const [lang, heading] of [['en', /What activation functions are for/], ['zh', /激活函数有什么用/]]) {
    test(`renders in ${lang} from its components without errors`, async () => {
      const { page, errors, offOrigin } = await openPage(site.browser.context, `${site.server.url}tutorial.html#lang=${lang}`);
      await page.waitForSelector('body[data-ready="true"]');
      assert.match(await page.textContent('h1'), heading);
      assert.equal(await page.getAttribute('html', 'lang'), lang === 'zh' ? 'zh-CN' : 'en');
      const sections = await page.evaluate(() => document.querySelectorAll('main > section').length);
      assert.equal(sections, 8);
      // Every embedded component is defined and either draws or shows no error.
      const tags = await page.$$eval('.embed', (els) => els.map((e) => e.dataset.tag));
      assert.ok(tags.length >= 14, `only ${tags.length} components`);
      for (const tag of new Set(tags)) {
        assert.ok(await page.evaluate((t) => !!customElements.get(t), tag), `${tag} is not defined`);
        assert.equal(await inlineError(page, tag), null, `${tag} shows an error`);
      }
      await waitForDrawn(page, 'ap-activation-plot', 0, 20000, false);
      for (const tag of ['ap-linear-collapse', 'ap-xor-threshold-net', 'ap-gradient-flow', 'ap-depth-sweep']) {
        await page.locator(tag).scrollIntoViewIfNeeded();
        await waitForDrawn(page, tag);
      }
      if (lang === 'zh')
        assert.match(await page.evaluate(() => document.querySelector('ap-xor-threshold-net').shadowRoot.textContent), /阶跃|异或/);
      await page.screenshot({ path: join(shotDir, `tutorial-${lang}.png`), fullPage: true });
      assert.deepEqual(errors, []);
      assert.deepEqual(offOrigin, []);
      await page.close();
    });
  }
});
