// Same seed, same WASM build, two hosts: Node and headless Chromium must produce bitwise identical
// datasets, weights after training, grid predictions and loss.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';

import { createEngine } from '../../dist/index.js';
import { fingerprint } from './determinism/fingerprint.mjs';
import { launchBrowser, root } from './harness.mjs';

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  // Serves dist/ and this test's page; nothing else is reachable.
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><script type="module" src="/page/run.mjs"></script>');
      return;
    }
    const file = path.startsWith('/dist/') ? normalize(join(root, path))
      : path.startsWith('/page/') ? normalize(join(root, 'tests/browser/determinism', path.slice(6))) : '';
    let ok = file.startsWith(join(root, 'dist')) || file.startsWith(join(root, 'tests/browser/determinism'));
    try { ok &&= statSync(file).isFile(); } catch { ok = false; }
    if (!ok) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
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
