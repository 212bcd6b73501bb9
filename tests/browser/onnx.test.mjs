// net.export('onnx') in Chromium: the same networks as tests/js/export.test.mjs, run by onnxruntime-web's
// WASM backend in the page; every output within 1e-5 of net.predict there, and no request leaves the origin.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser, openPage, root } from './harness.mjs';
import { serveFolders } from './static-server.mjs';

let browser;
let server;
// URL prefix -> folder served under it; nothing else is reachable.
const MOUNTS = {
  '/dist/': join(root, 'dist'),
  '/ort/': join(root, 'node_modules/onnxruntime-web/dist'),
  '/interop/': join(root, 'tests/js'),
  '/page/': join(root, 'tests/browser/onnx'),
};
before(async () => {
  browser = await launchBrowser();
  server = await serveFolders(MOUNTS, '<!doctype html><link rel="icon" href="data:,"><script type="module" src="/page/page.mjs"></script>');
});
after(async () => {
  await browser?.close();
  server?.close();
  server?.closeAllConnections();
});

test('onnxruntime-web in Chromium runs every exported network within 1e-5 of net.predict', async () => {
  const { page, errors, offOrigin } = await openPage(browser.context, `http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.result !== undefined, null, { timeout: 120000 });
  const result = await page.evaluate(() => window.result);
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.length, 38);  // 30 over 2-D points, 8 over 1, 3, 4 and 7 inputs
  assert.ok(result.some((r) => /^inputs: 7/.test(r.name)));
  for (const r of result) assert.ok(r.diff <= 1e-5, `${r.name}: max |onnxruntime - predict| = ${r.diff} (${r.dims})`);
  assert.deepEqual(errors, []);
  assert.deepEqual(offOrigin, []);
});
