// The Train view's export and import controls in Chromium: the ONNX, PyTorch and JavaScript downloads
// are the page's network (checked in Node by engine.loadONNX, PyTorch and Node's import against the JSON
// download), an .onnx file imports through the same control as .json, and one that does not fit the
// view (3 outputs for 2 classes, broken bytes, 4 raw inputs) is refused with the reason while the network stays.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { createEngine } from '../../dist/index.js';
import { maxDiff, randomPoints } from '../js/interop-nets.mjs';
import { openPage, useSiteAndBrowser } from './harness.mjs';

const site = useSiteAndBrowser();
let engine, dir;
before(async () => {
  engine = await createEngine();
  dir = mkdtempSync(join(tmpdir(), 'ap-interop-ui-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const status = (page) => page.evaluate(() => document.querySelector('[role=status]').textContent);
const weights = (page) => page.evaluate(() =>
  document.querySelector('ap-playground').shadowRoot.querySelector('ap-network-diagram').snapshot.weights.map((l) => [...l.weights, ...l.biases]));

async function download(page, control) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.locator(`ap-train-controls [data-control=${control}]`).click()]);
  return { name: d.suggestedFilename(), bytes: Buffer.concat(await (await d.createReadStream()).toArray()) };
}

test('ONNX, PyTorch and JavaScript downloads hold the page\'s network; .onnx imports; misfits are refused with the reason', async () => {
  const { page, errors, offOrigin } = await openPage(site.browser.context, `${site.server.url}#view=train&activation=swish&features=x1,x2,sin(x1)`);
  await page.waitForFunction(() => /Epoch 0;/.test(document.querySelector('[role=status]')?.textContent ?? ''), null, { timeout: 20000 });
  await page.locator('ap-train-controls[section=run] button[data-control=step]').click();
  await page.waitForFunction(() => /Epoch 1;/.test(document.querySelector('[role=status]').textContent));

  const json = await download(page, 'export');
  const onnx = await download(page, 'export-onnx');
  const py = await download(page, 'export-pytorch');
  const js = await download(page, 'export-js');
  assert.deepEqual([json.name, onnx.name, py.name, js.name], ['network.json', 'network.onnx', 'network.py', 'network.mjs']);

  const points = randomPoints(500, 3);
  const reference = engine.loadNetwork(json.bytes.toString());
  const fromOnnx = engine.loadONNX(new Uint8Array(onnx.bytes));
  assert.equal(maxDiff(fromOnnx.predict(points), reference.predict(points)), 0);
  assert.deepEqual(fromOnnx.toJSON().layers, reference.toJSON().layers);
  writeFileSync(join(dir, 'network.py'), py.bytes);
  assert.match(execFileSync('/usr/bin/python3', [join(dir, 'network.py')], { encoding: 'utf8' }), /^self-check: .*: ok\n$/);
  writeFileSync(join(dir, 'network.mjs'), js.bytes);
  const mod = await import(pathToFileURL(join(dir, 'network.mjs')).href);
  assert.ok(maxDiff(mod.predict(points), reference.predict(points)) <= 1e-6);

  // Import another network as .onnx through the same control: the page now holds its weights.
  const other = engine.network({ features: ['x1', 'x2', 'sin(x1)'], layers: [{ units: 3, activation: 'tanh' }], seed: 9 });
  const before = await weights(page);
  const input = page.locator('ap-train-controls [data-control=import] input[type=file]');
  await input.setInputFiles({ name: 'other.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(other.export('onnx')) });
  const expected = other.getWeights().map((l) => [...l.weights, ...l.biases]);
  await page.waitForFunction((n) => document.querySelector('ap-playground').shadowRoot.querySelector('ap-network-diagram').snapshot.weights.length === n,
    expected.length);
  assert.notDeepEqual(before, expected);
  assert.deepEqual(await weights(page), expected);
  assert.match(await status(page), /Epoch 0;/);

  // 3 softmax outputs for the 2 classes on the page: refused, the reason shown, the network kept.
  const three = engine.network({ layers: [{ units: 4, activation: 'relu' }], output: { units: 3, activation: 'softmax' } });
  await input.setInputFiles({ name: 'three.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(three.export('onnx')) });
  const alert = page.locator('ap-playground .problem[role=alert]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /3 output units but the data has 2 classes/);
  assert.deepEqual(await weights(page), expected);
  // Bytes that are not ONNX: the reader's reason.
  await input.setInputFiles({ name: 'broken.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(other.export('onnx').subarray(0, 100)) });
  await page.waitForFunction(() => /not a valid ONNX model/.test(document.querySelector('ap-playground').shadowRoot.querySelector('.problem[role=alert]')?.textContent ?? ''));
  assert.deepEqual(await weights(page), expected);
  // A model over 4 raw inputs (inputs: 4) does not fit the 2-D view: it says so, and the network stays.
  const four = engine.network({ inputs: 4, layers: [{ units: 3, activation: 'tanh' }] });
  await input.setInputFiles({ name: 'four.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(four.export('onnx')) });
  await page.waitForFunction(() => /inputs: 4/.test(document.querySelector('ap-playground').shadowRoot.querySelector('.problem[role=alert]')?.textContent ?? ''));
  assert.match(await alert.textContent(), /Network not imported, nothing changed: .*2-D playground only .*takes 4 numbers per point \(inputs: 4\)/);
  assert.deepEqual(await weights(page), expected);

  for (const n of [reference, fromOnnx, other, three, four]) n.dispose();
  assert.deepEqual(errors, [], 'console errors');
  assert.deepEqual(offOrigin, [], 'requests beyond the origin');
  await page.close();
});
