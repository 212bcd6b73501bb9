// Same seed, same WASM build, two hosts: Node and headless Chromium must produce bitwise identical
// datasets, weights after training, grid predictions and loss.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { createEngine } from '../../dist/index.js';
import { fingerprint } from './determinism/fingerprint.mjs';
import { launchBrowser, root } from './harness.mjs';
import { serveFolders } from './static-server.mjs';

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  // Serves dist/ and this test's page; nothing else is reachable.
  server = await serveFolders({ '/dist/': join(root, 'dist'), '/page/': join(root, 'tests/browser/determinism') },
                              '<!doctype html><script type="module" src="/page/run.mjs"></script>');
});
after(async () => {
  await browser?.close();
  server?.close();
  server?.closeAllConnections();
});

test('Node and Chromium train bitwise identical networks from the same seed', async () => {
  const node = fingerprint(await createEngine());
  const page = await browser.context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.result !== undefined, null, { timeout: 20000 });
  const chromium = await page.evaluate(() => window.result);
  assert.equal(chromium.error, undefined, chromium.error);
  assert.deepEqual(chromium, node);
  assert.ok(Number.isFinite(node.loss));
});
