// net.export('onnx') in Chromium: the same networks as tests/js/export.test.mjs, run by onnxruntime-web's
// WASM backend in the page; every output within 1e-5 of net.predict there, and no request leaves the origin.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser, openPage, root } from './harness.mjs';

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
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><link rel="icon" href="data:,"><script type="module" src="/page/page.mjs"></script>');
      return;
    }
    const prefix = Object.keys(MOUNTS).find((p) => path.startsWith(p));
    const file = prefix ? normalize(join(MOUNTS[prefix], path.slice(prefix.length))) : '';
    let ok = !!prefix && file.startsWith(MOUNTS[prefix]);
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

test('onnxruntime-web in Chromium runs every exported network within 1e-5 of net.predict', async () => {
  const { page, errors, offOrigin } = await openPage(browser.context, `http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.result !== undefined, null, { timeout: 120000 });
  const result = await page.evaluate(() => window.result);
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.length, 30);
  for (const r of result) assert.ok(r.diff <= 1e-5, `${r.name}: max |onnxruntime - predict| = ${r.diff} (${r.dims})`);
  assert.deepEqual(errors, []);
  assert.deepEqual(offOrigin, []);
});
