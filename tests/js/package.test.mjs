// The npm package as a user gets it: `npm pack`, install the tarball into an empty project (offline),
// then use it from Node, from tsc --strict, from a Vite production build and the Vite dev server in
// Chromium, and from a plain <script type="module"> page that serves dist/ as is (no bundler).
// Needs the package built into dist/ (scripts/build.sh package).
import assert from 'node:assert/strict';
import { execFile as execFileCb, spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { CSP } from '../../vite.config.js';
import { launchBrowser, openPage, root } from '../browser/harness.mjs';
import { canvasStats, inlineError, waitForDrawn } from '../browser/lesson-helpers.mjs';

const execFile = promisify(execFileCb);
const fixtures = join(root, 'tests/browser/package-app');
const vite = join(root, 'node_modules/vite/bin/vite.js');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

let tmp;
let app;
let packed;
let browser;
const closers = [];

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ap-package-'));
  app = join(tmp, 'app');
  mkdirSync(app);
  const { stdout } = await execFile('npm', ['pack', '--json', '--pack-destination', tmp, ...NPM_FLAGS], { cwd: root });
  packed = JSON.parse(stdout.slice(stdout.indexOf('[')))[0];
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await execFile('npm', ['install', join(tmp, packed.filename), ...NPM_FLAGS], { cwd: app });
  cpSync(fixtures, app, { recursive: true });
  browser = await launchBrowser();
});

after(async () => {
  for (const close of closers.reverse()) await close();
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Serves `dir` on 127.0.0.1 with the site's CSP and proper MIME types (application/wasm for streaming compile). */
async function serveStatic(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    let path = normalize(join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (path.endsWith('/')) path += 'index.html';
    let ok = path.startsWith(dir);
    try { ok &&= statSync(path).isFile(); } catch { ok = false; }
    if (!ok) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP });
    res.end(readFileSync(path));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  closers.push(() => new Promise((ok) => { server.close(ok); server.closeAllConnections(); }));
  return `http://127.0.0.1:${server.address().port}/`;
}

/** Starts the Vite dev server over `dir`; resolves to its URL once it answers. */
async function viteDev(dir) {
  const child = spawn(process.execPath, [vite, '--host', '127.0.0.1', '--port', '0', '--logLevel', 'info'],
                      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  closers.push(() => { child.kill(); });
  let log = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`vite dev did not start in 20 s:\n${log}`)), 20000);
    const onData = (d) => {
      log += d;
      // Vite prints "Local:   http://127.0.0.1:PORT/" (with ANSI colours around the port).
      const m = log.replace(/\x1b\[[0-9;]*m/g, '').match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) { clearTimeout(timer); ok(m[0]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`vite dev exited with ${code}:\n${log}`)));
  });
}

/** Opens `url` in Chromium and returns what check.js published, with the page's errors and requests. */
async function runPage(url) {
  const { page, errors, offOrigin } = await openPage(browser.context, url);
  try {
    await page.waitForSelector('body[data-result]', { state: 'attached', timeout: 20000 });
    const result = JSON.parse(await page.getAttribute('body', 'data-result'));
    const requests = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    return { result, errors, offOrigin, requests };
  } finally {
    await page.close();
  }
}

function assertWorked({ result, errors, offOrigin }) {
  assert.equal(result.failure, undefined);
  assert.equal(result.ok, true);
  assert.equal(result.simd, true);
  assert.ok(result.activations >= 3);
  assert.deepEqual(result.relu, [0, 0, 2]);
  assert.deepEqual(result.xor, { accuracy: 1, predictions: [0, 1, 1, 0] });
  assert.equal(result.worker.epoch, 100);
  assert.ok(result.worker.testAccuracy >= 0.95, `the worker reached only ${result.worker.testAccuracy}`);
  assert.match(result.error, /^RangeError: activation: name must be one of .*no_such_activation/);
  assert.deepEqual(errors, []);
  assert.deepEqual(offOrigin, []);
}

describe('npm package', () => {
  test('the tarball holds only the built package and declares no runtime dependencies', () => {
    const files = packed.files.map((f) => f.path).sort();
    for (const f of ['package.json', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/wasm/engine.mjs', 'dist/wasm/engine.wasm'])
      assert.ok(files.includes(f), `${f} missing from the tarball`);
    const stray = files.filter((f) => !/^(package\.json|README\.md|LICENSE|dist\/.*\.(js|d\.ts|mjs|d\.mts|wasm))$/.test(f));
    assert.deepEqual(stray, []);
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules/activation-playground/package.json'), 'utf8'));
    assert.equal(pkg.dependencies, undefined);
    // The repository's package.json also drives the site build, whose components register elements on import;
    // what it lists must not cover the package's own files, so bundlers can tree-shake the engine.
    const effects = pkg.sideEffects === false ? [] : pkg.sideEffects;
    assert.ok(Array.isArray(effects), 'sideEffects must be false or a list');
    // The one exception is the embed bundle ("./components"), which exists to define elements on import.
    assert.deepEqual(effects.filter((p) => /dist|^\*\.js$|^\*\*/.test(p) && p !== './dist/components/*.js'), []);
    assert.deepEqual(pkg.exports['.'], { types: './dist/index.d.ts', default: './dist/index.js' });
  });

  test('Node imports the installed package by its name and trains XOR to 100 %', async () => {
    writeFileSync(join(app, 'node-check.mjs'), `
      import { createEngine } from 'activation-playground';
      import { trainXor } from './xor.js';
      const engine = await createEngine();
      const relu = Array.from(engine.activation('relu').forward([-1, 0, 2]));
      console.log(JSON.stringify({ simd: engine.simd, relu, xor: trainXor(engine) }));
    `);
    const { stdout } = await execFile(process.execPath, ['node-check.mjs'], { cwd: app });
    assert.deepEqual(JSON.parse(stdout), { simd: true, relu: [0, 0, 2], xor: { accuracy: 1, predictions: [0, 1, 1, 0] } });
  });

  test('tsc --strict type-checks a consumer file against the installed declarations', async () => {
    const args = [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
                  '--lib', 'es2022,dom', 'consumer.ts'];
    const r = await execFile(process.execPath, args, { cwd: app }).catch((e) => e);
    assert.equal(r.code ?? 0, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
  });

  test('every numeric typed array is a batch; anything else is a TypeError that lists what is accepted', async () => {
    writeFileSync(join(app, 'batch-check.mjs'), `
      import { createEngine } from 'activation-playground';
      const relu = (await createEngine()).activation('relu');
      const out = {};
      for (const T of [Float64Array, Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array])
        out[T.name] = Array.from(relu.forward(T.from([3, 0, 1])));
      for (const [name, bad] of [['BigInt64Array', new BigInt64Array(2)], ['DataView', new DataView(new ArrayBuffer(8))], ['string', '1,2']])
        try { relu.forward(bad); out[name] = 'no error'; } catch (e) { out[name] = e.name + ': ' + e.message; }
      console.log(JSON.stringify(out));
    `);
    const out = JSON.parse((await execFile(process.execPath, ['batch-check.mjs'], { cwd: app })).stdout);
    for (const T of ['Float64Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array'])
      assert.deepEqual(out[T], [3, 0, 1], T);
    for (const bad of ['BigInt64Array', 'DataView', 'string'])
      assert.match(out[bad], /^TypeError: forward: x must be a Float32Array, another numeric typed array \(not BigInt64Array\/BigUint64Array\) or an array of numbers, got /, bad);
  });

  test('console.log shows an engine, an activation, a network and a trainer in one short line each', async () => {
    writeFileSync(join(app, 'inspect-check.mjs'), `
      import { inspect } from 'node:util';
      import { createEngine, TrainerCore } from 'activation-playground';
      const engine = await createEngine();
      const net = engine.network({ layers: [{ units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }], seed: 1 });
      net.fit([0, 0, 1, 1], [0, 1], { epochs: 12, batchSize: 2 });
      const core = new TrainerCore(engine);
      const shown = [engine, engine.activation('elu', { alpha: 0.5 }), net, core].map((o) => inspect(o));
      net.dispose();
      shown.push(inspect(net), inspect({ nested: engine }));
      console.log(JSON.stringify({ shown, activations: engine.activations.length, simd: engine.simd }));
    `);
    const { shown, activations, simd } = JSON.parse((await execFile(process.execPath, ['inspect-check.mjs'], { cwd: app })).stdout);
    assert.deepEqual(shown, [
      `Engine { activations: ${activations}, simd: ${simd} }`,
      'Activation { name: elu, params: { alpha: 0.5 } }',
      'Network { spec: 2-8-8-1 tanh → sigmoid, epoch: 12 }',
      'TrainerCore { network: none }',
      'Network { spec: 2-8-8-1 tanh → sigmoid, disposed: true }',
      `{ nested: Engine { activations: ${activations}, simd: ${simd} } }`,
    ]);
  });

  test('the components fail in Node with one line saying they need a browser or a DOM', async () => {
    writeFileSync(join(app, 'components-node.mjs'), "await import('activation-playground/components');");
    const r = await execFile(process.execPath, ['components-node.mjs'], { cwd: app }).catch((e) => e);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error: activation-playground\/components: the <ap-\*> elements need a browser or a DOM/m);
    assert.ok(r.stderr.length < 2000, `Node printed ${r.stderr.length} characters:\n${r.stderr.slice(0, 500)}`);
  });

  test('the package is ESM: require() loads it where Node has require(esm), else Node names import()', async () => {
    writeFileSync(join(app, 'require-check.cjs'), `
      const { createEngine } = require('activation-playground');
      createEngine().then((e) => console.log(JSON.stringify({ relu: Array.from(e.activation('relu').forward([-1, 2])) })));
    `);
    // Node 20.19+ and 22.12+ load ES modules from require() by default (the "default" export condition
    // lets them: with only "import", require() failed with 'No "exports" main defined').
    assert.equal(process.features.require_module, true, 'this Node has no require(esm): test the other branch only');
    const loaded = await execFile(process.execPath, ['--no-warnings', 'require-check.cjs'], { cwd: app });
    assert.deepEqual(JSON.parse(loaded.stdout), { relu: [0, 2] });
    // Older Node (as this flag makes it) refuses with its own error, which says to use import().
    const r = await execFile(process.execPath, ['--no-experimental-require-module', 'require-check.cjs'], { cwd: app }).catch((e) => e);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /ERR_REQUIRE_ESM/);
    assert.match(r.stderr, /dynamic import\(\)/);
  });

  test('`using` type-checks against the installed declarations without esnext in "lib", and frees on Node 20', async () => {
    // --lib es2022,dom (no esnext): the package's own `reference lib` must bring Symbol.dispose's type (else TS2741/TS2850).
    const args = [tsc, '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
                  '--lib', 'es2022,dom', '--outDir', 'using-out', 'using.ts'];
    const r = await execFile(process.execPath, args, { cwd: app }).catch((e) => e);
    assert.equal(r.code ?? 0, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
    const { stdout, stderr } = await execFile(process.execPath, ['using-out/using.js'], { cwd: app });
    assert.ok(JSON.parse(stderr).inside > 0, 'the block allocated nothing, so the test proves nothing');
    assert.deepEqual(JSON.parse(stdout), { disposed: true, leaked: 0 });
  });

  test('a Vite production build trains XOR in Chromium under the strict CSP', async () => {
    await execFile(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', 'vite-dist'], { cwd: app });
    const url = await serveStatic(join(app, 'vite-dist'));
    const run = await runPage(url);
    assertWorked(run);
    assert.ok(run.requests.some((p) => /\/assets\/engine-[\w-]+\.wasm$/.test(p)), `no hashed .wasm asset among ${run.requests}`);
    // The package's "./engine.wasm" export, imported with ?url and passed as wasmUrl.
    const explicit = await runPage(`${url}?explicit`);
    assertWorked(explicit);
    assert.match(explicit.result.wasmUrl, /\/assets\/engine-[\w-]+\.wasm$/);
  });

  test('a plain <script type="module"> page serves dist/ as is, and wasmUrl moves the .wasm', async () => {
    mkdirSync(join(app, 'cdn'), { recursive: true });
    copyFileSync(join(app, 'node_modules/activation-playground/dist/wasm/engine.wasm'), join(app, 'cdn/moved.wasm'));
    const url = await serveStatic(app);
    const plain = await runPage(`${url}plain.html`);
    assertWorked(plain);
    assert.ok(plain.requests.includes('/node_modules/activation-playground/dist/wasm/engine.wasm'));
    const moved = await runPage(`${url}plain.html?wasmUrl=/cdn/moved.wasm`);
    assertWorked(moved);
    assert.ok(moved.requests.includes('/cdn/moved.wasm'));
    assert.ok(!moved.requests.some((p) => p.endsWith('/engine.wasm')), 'the default .wasm was fetched too');
  });

  test('the installed "./components" export defines working ap- elements on a plain page under the strict CSP', async () => {
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules/activation-playground/package.json'), 'utf8'));
    const entry = pkg.exports['./components'].default.replace(/^\.\//, '');
    writeFileSync(join(app, 'components.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
      <script type="module" src="/node_modules/activation-playground/${entry}"></script></head><body>
      <ap-activation-plot activations="relu,mish" derivative></ap-activation-plot>
      <ap-property-table activation="elu"></ap-property-table>
      <ap-activation-plot id="bad" activations="no_such_activation"></ap-activation-plot></body></html>`);
    const { page, errors, offOrigin } = await openPage(browser.context, `${await serveStatic(app)}components.html`);
    try {
      await waitForDrawn(page, 'ap-activation-plot', 0, 20000, false);
      const best = (await canvasStats(page, 'ap-activation-plot')).sort((a, b) => b.inked - a.inked)[0];
      assert.ok(best.inked > 300, `the plot drew only ${best.inked} pixels`);
      await page.waitForFunction(() => /[-−]1/.test(document.querySelector('ap-property-table').shadowRoot?.textContent ?? ''),
        null, { timeout: 20000 });
      assert.match(await inlineError(page, '#bad'), /no_such_activation/);
      assert.deepEqual(errors, []);
      assert.deepEqual(offOrigin, []);
    } finally {
      await page.close();
    }
  });

  test('a Vite production build of an app importing "./components" draws the elements it uses, every request served', async () => {
    // The embed bundle's chunks, re-bundled: each element's chunk and the shared one must still be found.
    const dir = join(app, 'bundled');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
      <script type="module" src="./main.js"></script></head><body>
      <ap-activation-plot activations="relu,tanh"></ap-activation-plot><ap-property-table activation="elu"></ap-property-table></body></html>`);
    writeFileSync(join(dir, 'main.js'), "import 'activation-playground/components';\n");
    await execFile(process.execPath, [vite, 'build', 'bundled', '--logLevel', 'error', '--outDir', 'dist'], { cwd: app });
    const { page, errors, offOrigin } = await openPage(browser.context, `${await serveStatic(join(dir, 'dist'))}index.html`);
    try {
      await waitForDrawn(page, 'ap-activation-plot', 0, 20000, false);
      await page.waitForFunction(() => /[-−]1/.test(document.querySelector('ap-property-table').shadowRoot?.textContent ?? ''),
        null, { timeout: 20000 });
      assert.deepEqual(errors, [], 'a request failed or the page logged an error');
      assert.deepEqual(offOrigin, []);
    } finally {
      await page.close();
    }
  });

  test('the Vite dev server serves it', async () => {
    assertWorked(await runPage(await viteDev(app)));
  });
});
