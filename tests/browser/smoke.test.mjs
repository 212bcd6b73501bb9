// The built site in headless Chromium: loads the SIMD engine under the strict CSP and plots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser, openPage, startServer } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('the page loads the engine with SIMD, draws the plot, and logs no errors', async () => {
  const { page, errors, offOrigin } = await openPage(browser.context, server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  assert.match(await page.textContent('[role=status]'), /SIMD on/);
  // Pixels, not just the DOM: the canvas has coloured strokes on it.
  const inked = await page.evaluate(() => {
    const c = document.querySelector('canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
  assert.ok(inked > 500, `only ${inked} pixels drawn`);
  assert.deepEqual(errors, []);
  assert.deepEqual(offOrigin, []);
  const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-eval'/);
});
