// The playground shell and its Explore view in headless Chromium: pixels of the plot, sliders, URL
// state round trip, language switch, bad link values, keyboard and accessible names, PNG export.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { openPage, useSiteAndBrowser } from './harness.mjs';
import { curveColour, nearestColourDistance } from './plot-helpers.mjs';

const site = useSiteAndBrowser();

const shot = (name) => join(tmpdir(), `ap-explore-${name}.png`);

/** Opens the page at `hash` and waits until the plot has drawn at least once, its shading included. */
async function open(hash = '') {
  const p = await openPage(site.browser.context, site.server.url + hash);
  await p.page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  await waitDraws(p.page, 1);
  await p.page.waitForFunction(() => document.querySelector('ap-activation-plot').shadingPending === false, null, { timeout: 10000 });
  return p;
}

async function draws(page) {
  return page.evaluate(() => document.querySelector('ap-activation-plot').drawCount);
}

async function waitDraws(page, n) {
  await page.waitForFunction((k) => document.querySelector('ap-activation-plot')?.drawCount >= k, n, { timeout: 10000 });
}



// The plot's pixels stay in the page (a canvas is megabytes of JSON): remember them, then count changes.
async function rememberPixels(page) {
  await page.evaluate(() => {
    const c = document.querySelector('ap-activation-plot').shadowRoot.querySelector('canvas.base');
    window.__apPixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  });
}

async function pixelsChanged(page) {
  return page.evaluate(() => {
    const c = document.querySelector('ap-activation-plot').shadowRoot.querySelector('canvas.base');
    const now = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const old = window.__apPixels;
    if (old.length !== now.length) return now.length / 4;
    let n = 0;
    for (let i = 0; i < now.length; i += 4) if (now[i] !== old[i] || now[i + 1] !== old[i + 1] || now[i + 2] !== old[i + 2]) n++;
    return n;
  });
}

test('the page loads with the three tabs, no console errors and no off-origin request', async () => {
  const { page, errors, offOrigin } = await open();
  const tabs = await page.getByRole('tab').allTextContents();
  assert.deepEqual(tabs.map((s) => s.trim()), ['Explore', 'Train', 'Lessons']);
  assert.equal(await page.getByRole('tab', { name: 'Explore' }).getAttribute('aria-selected'), 'true');
  assert.match(await page.locator('[role=status]').textContent(), /Engine ready \(SIMD on\)/);
  await page.screenshot({ path: shot('default'), fullPage: true });
  assert.deepEqual(errors, []);
  assert.deepEqual(offOrigin, []);
  await page.close();
});

test('the sigmoid curve is drawn in its colour where 1/(1+e^-x) puts it, and nowhere near off it', async () => {
  const { page, errors } = await open('#act=sigmoid&deriv=false');
  const rgb = await curveColour(page, 'sigmoid');
  for (const x of [-4, -1.5, 0, 0.7, 3]) {
    const y = 1 / (1 + Math.exp(-x));
    const on = await nearestColourDistance(page, x, y, rgb);
    assert.ok(on < 60, `no sigmoid-coloured pixel near (${x}, ${y.toFixed(3)}): distance ${on}`);
    const off = await nearestColourDistance(page, x, y + 0.35, rgb);
    assert.ok(off > 150, `sigmoid colour found 0.35 above the curve at x=${x}: distance ${off}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the f′ toggle draws the derivative, dashed, in the same colour', async () => {
  const { page } = await open('#act=sigmoid&deriv=false');
  const rgb = await curveColour(page, 'sigmoid');
  // sigmoid'(3) = s(3)(1 - s(3)) ≈ 0.045, well away from s(3) ≈ 0.95.
  const s3 = 1 / (1 + Math.exp(-3));
  const d3 = s3 * (1 - s3);
  assert.ok(await nearestColourDistance(page, 3, d3, rgb, 2) > 100, 'derivative drawn before the toggle');
  const n = await draws(page);
  await page.locator('ap-activation-plot').getByRole('checkbox', { name: 'Show f′' }).check();
  await waitDraws(page, n + 1);
  // A dashed line has gaps: look along a short stretch rather than at one point.
  let best = Infinity;
  for (const x of [2.9, 3, 3.1, 3.2]) best = Math.min(best, await nearestColourDistance(page, x, (1 / (1 + Math.exp(-x))) * (1 - 1 / (1 + Math.exp(-x))), rgb, 3));
  assert.ok(best < 60, `derivative not drawn: distance ${best}`);
  assert.match(page.url(), /deriv=true|#(?!.*deriv=)/);
  await page.close();
});

test('hovering the plot reads out x, f(x) and f′(x) from the engine', async () => {
  const { page } = await open('#act=sigmoid');
  const plot = page.locator('ap-activation-plot');
  const pt = await plot.evaluate((el) => el.toCanvasPoint(1, 0.5));
  const box = await plot.locator('canvas.overlay').boundingBox();
  await page.mouse.move(box.x + pt.x, box.y + pt.y);
  const text = await plot.locator('.readout').textContent();
  const m = /x = ([−\d.e+]+); sigmoid: f = ([\d.e−+]+), f′ = ([\d.e−+]+)/.exec(text);
  assert.ok(m, `read-out: ${text}`);
  const x = Number(m[1].replace('−', '-'));
  const s = 1 / (1 + Math.exp(-x));
  assert.ok(Math.abs(x - 1) < 0.05, `x = ${x}`);
  assert.ok(Math.abs(Number(m[2]) - s) < 1e-3, `f = ${m[2]}, expected ${s}`);
  assert.ok(Math.abs(Number(m[3]) - s * (1 - s)) < 1e-3, `f′ = ${m[3]}, expected ${s * (1 - s)}`);
  await page.close();
});

test('zoom buttons, wheel and keys change the x range, and reset restores it', async () => {
  const { page } = await open('#act=relu');
  const plot = page.locator('ap-activation-plot');
  const range = () => plot.evaluate((el) => el.xRange);
  assert.deepEqual(await range(), [-6, 6]);
  await plot.getByRole('button', { name: 'Zoom in' }).click();
  const [a, b] = await range();
  assert.ok(b - a < 12 && Math.abs(a + b) < 1e-9, `zoom in: ${a}, ${b}`);
  assert.match(decodeURIComponent(page.url()), /x=-4,4/);
  const box = await plot.locator('canvas.overlay').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 300);
  const [c, d] = await range();
  assert.ok(d - c > b - a, `wheel out: ${c}, ${d}`);
  // Drag pans: moving the mouse right moves the view left.
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 100, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  const [e, f] = await range();
  assert.ok(e < c && Math.abs((f - e) - (d - c)) < 1e-6, `drag: ${e}, ${f}`);
  await plot.locator('canvas.overlay').focus();
  await page.keyboard.press('Shift+ArrowRight');
  const [g] = await range();
  assert.ok(g > e, 'Shift+ArrowRight pans right');
  await page.keyboard.press('0');
  assert.deepEqual(await range(), [-6, 6]);
  await page.close();
});

test('the URL state survives a reload: selection, f′, x range and language', async () => {
  const { page, errors } = await open('#act=sigmoid');
  await page.getByRole('checkbox', { name: 'relu', exact: true }).check();
  await page.locator('ap-activation-plot').getByRole('checkbox', { name: 'Show f′' }).uncheck();
  await page.locator('ap-activation-plot').getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: '简体中文' }).click();
  const hash = new URL(page.url()).hash;
  assert.match(hash, /act=(relu,sigmoid|sigmoid,relu)/);
  assert.match(hash, /deriv=false/);
  assert.match(hash, /x=-4,4/);
  assert.match(hash, /lang=zh/);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await waitDraws(page, 1);
  assert.equal(new URL(page.url()).hash, hash);
  assert.equal(await page.getByRole('checkbox', { name: 'relu', exact: true }).isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: 'sigmoid', exact: true }).isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: 'identity', exact: true }).isChecked(), false);
  assert.equal(await page.locator('ap-activation-plot').evaluate((el) => el.derivative), false);
  assert.deepEqual(await page.locator('ap-activation-plot').evaluate((el) => el.xRange), [-4, 4]);
  assert.equal(await page.getByRole('tab', { selected: true }).textContent(), '探索');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the language switch turns visible text into Chinese and back, inside components too', async () => {
  const { page } = await open();
  const plot = page.locator('ap-activation-plot');
  await page.getByRole('button', { name: '简体中文' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.deepEqual((await page.getByRole('tab').allTextContents()).map((s) => s.trim()), ['探索', '训练', '课程']);
  assert.equal(await plot.getByRole('button', { name: '放大' }).count(), 1);
  assert.match(await page.locator('[role=status]').textContent(), /引擎已就绪/);
  assert.equal(await page.getByRole('button', { name: '简体中文' }).getAttribute('aria-pressed'), 'true');
  await page.screenshot({ path: shot('zh'), fullPage: true });
  await page.getByRole('button', { name: 'English' }).click();
  assert.deepEqual((await page.getByRole('tab').allTextContents()).map((s) => s.trim()), ['Explore', 'Train', 'Lessons']);
  assert.equal(await plot.getByRole('button', { name: 'Zoom in' }).count(), 1);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.close();
});

test('bad values in the link show a notice, fall back to defaults, keep unknown keys, and the page works', async () => {
  const { page, errors } = await open('#act=sigmoid,nosuch&x=5,1&deriv=maybe&temp=abc&view=nowhere&future=keep%20me');
  const notice = page.getByRole('alert');
  await notice.waitFor();
  const text = await notice.textContent();
  for (const key of ['act', 'x', 'deriv', 'temp', 'view']) assert.match(text, new RegExp(`${key} =`), `no notice for ${key}: ${text}`);
  assert.match(text, /nosuch/);
  assert.match(text, /"maybe" is not true or false/);
  await page.screenshot({ path: shot('notice'), fullPage: true });
  // The reasons follow the language.
  await page.getByRole('button', { name: '简体中文' }).click();
  const zh = await notice.textContent();
  assert.match(zh, /“maybe”不是 true 或 false/);
  assert.match(zh, /未知的激活函数 "nosuch"/);
  assert.match(zh, /第一个数必须小于第二个数/);
  await page.getByRole('button', { name: 'English' }).click();
  // Defaults where the link was wrong, its valid part kept.
  assert.deepEqual(await page.locator('ap-activation-plot').evaluate((el) => el.xRange), [-6, 6]);
  assert.equal(await page.getByRole('checkbox', { name: 'sigmoid', exact: true }).isChecked(), true);
  assert.equal(await page.getByRole('tab', { name: 'Explore' }).getAttribute('aria-selected'), 'true');
  const rgb = await curveColour(page, 'sigmoid');
  assert.ok(await nearestColourDistance(page, 0, 0.5, rgb) < 60, 'sigmoid not drawn');
  // Still interactive, and the key nobody registered survives a change.
  await page.getByRole('checkbox', { name: 'relu', exact: true }).check();
  assert.match(new URL(page.url()).hash, /future=keep%20me/);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('classroom flags hide the chosen controls and the page text', async () => {
  const { page } = await open('#hide=picker,lang,zoom&hideText=true');
  assert.equal(await page.getByRole('checkbox', { name: 'sigmoid', exact: true }).isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'English' }).isVisible(), false);
  assert.equal(await page.locator('ap-activation-plot').getByRole('button', { name: 'Zoom in' }).count(), 0);
  assert.equal(await page.locator('.ap-intro').isVisible(), false);
  assert.equal(await page.getByRole('tab', { name: 'Explore' }).isVisible(), true);
  await page.close();
});

test('tabs switch views by click and arrow keys; the real Train and Lessons views replace the shell\'s placeholders', async () => {
  const { page, errors } = await open();
  await page.getByRole('tab', { name: 'Explore' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal((await page.getByRole('tab', { selected: true }).textContent()).trim(), 'Train');
  assert.match(page.url(), /view=train/);
  assert.equal(await page.locator('#panel-explore').isVisible(), false);
  assert.equal(await page.getByRole('tabpanel').count(), 1);
  // The shell registers stand-ins for 'train' and 'lessons' after the views registered themselves:
  // the real views must win, whichever order they came in.
  await page.locator('#panel-train ap-playground').waitFor({ timeout: 15000 });
  await page.keyboard.press('ArrowRight');
  assert.match(page.url(), /view=lessons/);
  await page.locator('#panel-lessons article.ap-lesson').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('.ap-placeholder').count(), 0, 'a placeholder is shown instead of a real view');
  await page.getByRole('tab', { name: 'Explore', exact: true }).click();
  assert.equal(await page.locator('#panel-explore').isVisible(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('every control has an accessible name that contains its visible text', async () => {
  const { page } = await open('#act=sigmoid,relu');
  const problems = await page.evaluate(() => {
    const all = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.matches('button, input, select, textarea, [role=tab], canvas[tabindex]')) all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    const textOf = (el) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const nameOf = (el) => {
      const root = el.getRootNode();
      if (el.getAttribute('aria-labelledby'))
        return el.getAttribute('aria-labelledby').split(/\s+/).map((id) => textOf(root.getElementById(id))).join(' ');
      if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
      if (el.id && root.querySelector(`label[for="${el.id}"]`)) return textOf(root.querySelector(`label[for="${el.id}"]`));
      if (el.closest('label')) return textOf(el.closest('label'));
      return textOf(el);
    };
    return all.filter((el) => el.offsetParent !== null || el.getRootNode() !== document).map((el) => {
      const name = nameOf(el);
      // Visible text of a button, leaving out decorative icons marked aria-hidden.
      const copy = el.cloneNode(true);
      copy.querySelectorAll('[aria-hidden=true]').forEach((n) => n.remove());
      const visible = el.matches('button, [role=tab]') ? textOf(copy) : '';
      return { tag: el.tagName, name, visible };
    }).filter((c) => !c.name || (c.visible && !c.name.includes(c.visible)));
  });
  assert.deepEqual(problems, []);
  assert.equal(await page.locator('[role=status]').count(), 1);
  await page.close();
});

test('formulas render as MathML from TeX, and bad attributes show inline errors instead of throwing', async () => {
  const { page, errors } = await open();
  await page.evaluate(() => {
    const host = document.createElement('div');
    host.id = 'formula-host';
    host.innerHTML = `
      <ap-formula id="f1" tex="\\frac{1}{1 + e^{-x}}"></ap-formula>
      <ap-formula id="f2" tex="\\begin{cases} x & x > 0 \\\\ \\alpha (e^{x} - 1) & x \\le 0 \\end{cases}"></ap-formula>
      <ap-formula id="f3" tex="\\operatorname{softplus}(x) + \\weird{x} }"></ap-formula>
      <ap-activation-plot id="p1" activations="sigmoid,nosuch" params="sigmoid.bogus" x-min="3" x-max="1"></ap-activation-plot>
      <ap-formula id="f4" activation="nosuch"></ap-formula>`;
    document.body.append(host);
  });
  // Rendered: each formula shows MathML or its message, and the plot has drawn and listed its three errors.
  await page.waitForFunction(() => {
    const sr = (id) => document.getElementById(id).shadowRoot;
    return ['f1', 'f2', 'f3', 'f4'].every((id) => sr(id)?.querySelector('math, .muted')) &&
      document.getElementById('p1').drawCount > 0 && sr('p1').querySelectorAll('.error').length >= 3;
  }, null, { timeout: 10000 });
  const result = await page.evaluate(() => {
    const host = document.getElementById('formula-host');
    const sr = (id) => document.getElementById(id).shadowRoot;
    const out = {
      frac: !!sr('f1').querySelector('math mfrac'),
      sup: sr('f1').querySelector('msup mn')?.textContent ?? null,
      rows: sr('f2').querySelectorAll('mtable mtr').length,
      brace: sr('f2').querySelector('mo[stretchy]')?.textContent ?? null,
      alpha: [...sr('f2').querySelectorAll('mi')].some((m) => m.textContent === 'α'),
      op: sr('f3').querySelector('mi[mathvariant=normal]')?.textContent ?? null,
      literal: sr('f3').textContent.includes('\\weird'),
      plotErrors: [...sr('p1').querySelectorAll('.error')].map((e) => e.textContent),
      plotDrew: document.getElementById('p1').drawCount,
      f4: sr('f4').textContent.trim(),
    };
    host.remove();
    return out;
  });
  assert.equal(result.frac, true);
  assert.equal(result.sup, null); // e^{-x}: the exponent is an mrow, not a number
  assert.equal(result.rows, 2);
  assert.equal(result.brace, '{');
  assert.equal(result.alpha, true);
  assert.equal(result.op, 'softplus');
  assert.equal(result.literal, true);
  assert.ok(result.plotErrors.some((e) => /nosuch/.test(e)), JSON.stringify(result.plotErrors));
  assert.ok(result.plotErrors.some((e) => /x-min/.test(e)), JSON.stringify(result.plotErrors));
  assert.ok(result.plotErrors.some((e) => /bogus/.test(e)), JSON.stringify(result.plotErrors));
  assert.ok(result.plotDrew > 0, 'the plot with bad attributes still drew the valid curve');
  assert.match(result.f4, /nosuch/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Save PNG downloads a PNG of the plot', async () => {
  const { page } = await open('#act=sigmoid');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('ap-activation-plot').getByRole('button', { name: 'Save PNG' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^activation-sigmoid\.png$/);
  const bytes = readFileSync(await download.path());
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(bytes.length > 2000, `PNG of ${bytes.length} bytes`);
  await page.close();
});

test('dark colour scheme repaints the plot with a dark background', async () => {
  const { page } = await open('#act=sigmoid');
  const n = await draws(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await waitDraws(page, n + 1);
  const corner = await page.evaluate(() => {
    const c = document.querySelector('ap-activation-plot').shadowRoot.querySelector('canvas.base');
    return Array.from(c.getContext('2d').getImageData(2, 2, 1, 1).data);
  });
  assert.ok(corner[0] + corner[1] + corner[2] < 150, `background ${corner}`);
  await page.screenshot({ path: shot('dark'), fullPage: true });
  await page.close();
});

test('moving a parameter slider (mouse-free: keyboard and fill) redraws the curve with the new parameter', async () => {
  const { page, errors } = await open('#act=elu&deriv=false');
  const slider = page.locator('ap-param-sliders').getByRole('slider', { name: 'elu alpha' });
  await slider.waitFor();
  await rememberPixels(page);
  const rgb = await curveColour(page, 'elu');
  const elu = (x, a) => (x > 0 ? x : a * (Math.exp(x) - 1));
  assert.ok(await nearestColourDistance(page, -3, elu(-3, 1), rgb) < 60, 'elu with the default alpha = 1');
  let n = await draws(page);
  await slider.fill('0.2');
  await waitDraws(page, n + 1);
  assert.match(decodeURIComponent(page.url()), /params=elu\.alpha=0\.2/);
  assert.ok(await pixelsChanged(page) > 500, 'the plot did not change');
  assert.ok(await nearestColourDistance(page, -3, elu(-3, 0.2), rgb) < 60, 'elu not redrawn with alpha = 0.2');
  assert.ok(await nearestColourDistance(page, -3, elu(-3, 1), rgb, 2) > 100, 'the old curve is still there');
  n = await draws(page);
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await waitDraws(page, n + 1);
  const alpha = Number(await slider.inputValue());
  assert.ok(alpha > 0.2, `ArrowRight: alpha ${alpha}`);
  await page.locator('ap-param-sliders').getByRole('button', { name: 'Reset elu' }).click();
  assert.equal(await slider.inputValue(), '1');
  assert.doesNotMatch(decodeURIComponent(page.url()), /params=/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('saturated stretches are shaded in the curve colour on the side the engine reports', async () => {
  const { page } = await open('#act=sigmoid&deriv=false');
  const px = (x, y) => page.evaluate(({ x, y }) => {
    const el = document.querySelector('ap-activation-plot');
    const c = el.shadowRoot.querySelector('canvas.base');
    const dpr = c.width / parseFloat(c.style.width);
    const p = el.toCanvasPoint(x, y);
    return Array.from(c.getContext('2d').getImageData(Math.round(p.x * dpr), Math.round(p.y * dpr), 1, 1).data);
  }, { x, y });
  const rgb = await curveColour(page, 'sigmoid');
  const shaded = await px(-5.5, 0.7);   // |sigmoid'| < 0.01 for x < -4.6
  const plain = await px(-0.5, 0.7);    // no saturation near 0
  const right = await px(5.5, 0.3);
  assert.notDeepEqual(shaded, plain);
  // The tint leans towards the curve colour.
  const towards = (p) => Math.abs(p[0] - rgb[0]) + Math.abs(p[1] - rgb[1]) + Math.abs(p[2] - rgb[2]);
  assert.ok(towards(shaded) < towards(plain), `shaded ${shaded} vs plain ${plain}`);
  assert.ok(towards(right) < towards(plain), `right side not shaded: ${right}`);
  await page.close();
});

test('the property table shows the engine\'s properties, localised', async () => {
  const { page } = await open('#act=sigmoid,relu');
  const table = page.locator('ap-property-table');
  const cell = (row, col) => table.locator('tr', { has: page.locator(`th:text-is("${row}")`) }).locator('td').nth(col).textContent();
  await table.locator('table').waitFor();
  assert.equal(await cell('Saturates on the left (f′ → 0 as x → −∞)', 0), 'yes');   // sigmoid
  assert.equal(await cell('Saturates on the right (f′ → 0 as x → +∞)', 0), 'yes');
  assert.equal(await cell('Saturates on the right (f′ → 0 as x → +∞)', 1), 'no');   // relu
  assert.equal(await cell('Monotonic', 1), 'yes');
  assert.equal(await cell('Zero-centred output', 0), 'no');
  assert.match(await cell('Output range', 1), /^\[0, \+∞\)$/);
  await page.getByRole('button', { name: '简体中文' }).click();
  assert.equal(await table.locator('tr', { has: page.locator('th:text-is("单调")') }).locator('td').nth(0).textContent(), '是');
  await page.close();
});

test('every catalogue formula renders as MathML with no unknown TeX command', async () => {
  const { page, errors } = await open();
  const count = await page.evaluate(() => {
    const names = [...document.querySelectorAll('input[name=act]')].map((i) => i.value);
    const host = document.createElement('div');
    host.id = 'catalogue-formulas';
    for (const n of names) for (const which of ['f', 'derivative']) {
      const f = document.createElement('ap-formula');
      f.setAttribute('activation', n);
      f.setAttribute('which', which);
      host.append(f);
    }
    document.body.append(host);
    return names.length;
  });
  // Each element has rendered: MathML, or a message (which the check below reports).
  await page.waitForFunction(() => [...document.getElementById('catalogue-formulas').children]
    .every((f) => f.shadowRoot?.querySelector('math, .muted')), null, { timeout: 10000 });
  const bad = await page.evaluate(() => {
    const host = document.getElementById('catalogue-formulas');
    const out = [...host.children].filter((f) => !f.shadowRoot.querySelector('math') || f.shadowRoot.textContent.includes('(?)'))
      .map((f) => `${f.getAttribute('activation')} ${f.getAttribute('which')}: ${f.shadowRoot.textContent.trim()}`);
    host.remove();
    return { out, count: host.children.length / 2 };
  });
  assert.equal(bad.count, count, 'the elements checked are those appended');
  assert.ok(bad.count >= 20, `only ${bad.count} activations in the picker`);
  assert.deepEqual(bad.out, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('softmax bars follow the engine, the temperature and edits of the input vector', async () => {
  const { page, errors } = await open('#sm=2,1,0.1');
  const view = page.locator('ap-softmax-view');
  const probs = () => view.evaluate((el) => Array.from(el.probabilities ?? []));
  await page.waitForFunction(() => document.querySelector('ap-softmax-view')?.drawCount > 0);
  const ref = (z, t) => { const e = z.map((v) => Math.exp(v / t)); const s = e.reduce((a, b) => a + b); return e.map((v) => v / s); };
  const close = (a, b) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) < 1e-6);
  assert.ok(close(await probs(), ref([2, 1, 0.1], 1)), `T=1: ${await probs()}`);
  await view.getByRole('slider', { name: 'Temperature T' }).fill('1');   // the top of the log scale: T = 20
  assert.match(decodeURIComponent(page.url()), /temp=20/);
  assert.ok(close(await probs(), ref([2, 1, 0.1], 20)), `T=20: ${await probs()}`);
  await view.getByRole('spinbutton', { name: 'Input 1' }).fill('5');
  assert.ok(close(await probs(), ref([5, 1, 0.1], 20)));
  await view.getByRole('button', { name: 'Add an input' }).click();
  assert.equal((await probs()).length, 4);
  assert.match(decodeURIComponent(page.url()), /sm=5,1,0\.1,0/);
  await view.getByRole('button', { name: 'Remove input 2' }).click();
  assert.ok(close(await probs(), ref([5, 0.1, 0], 20)));
  // An emptied box (what a number input reports for text it cannot parse) is flagged, not used.
  await view.getByRole('spinbutton', { name: 'Input 1' }).evaluate((el) => { el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true })); });
  assert.equal(await view.getByRole('spinbutton', { name: 'Input 1' }).getAttribute('aria-invalid'), 'true');
  assert.ok(close(await probs(), ref([5, 0.1, 0], 20)), 'a bad entry changed the output');
  await page.screenshot({ path: shot('softmax'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
