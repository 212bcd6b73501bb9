// The built site in headless Chromium: loads the SIMD engine under the strict CSP and plots.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openPage, useSiteAndBrowser } from './harness.mjs';

const site = useSiteAndBrowser();

test('the page loads the engine with SIMD, draws the plot, and logs no errors', async () => {
  const { page, errors, offOrigin } = await openPage(site.browser.context, site.server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  assert.match(await page.textContent('[role=status]'), /SIMD on/);
  // Pixels, not just the DOM: the canvas has coloured strokes on it.
  // The Explore view's plot lives in a shadow root; playwright's locator pierces it.
  const plot = page.locator('ap-activation-plot');
  await page.waitForFunction(() => document.querySelector('ap-activation-plot')?.drawCount > 0, null, { timeout: 15000 });
  const inked = await plot.locator('canvas.base').evaluate((c) => {
    // Count pixels that differ from the background (top-left corner, outside the axes).
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - d[0]) + Math.abs(d[i + 1] - d[1]) + Math.abs(d[i + 2] - d[2]) > 60) n++;
    return n;
  });
  assert.ok(inked > 500, `only ${inked} pixels drawn`);
  assert.deepEqual(errors, []);
  assert.deepEqual(offOrigin, []);
  const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-eval'/);
});
