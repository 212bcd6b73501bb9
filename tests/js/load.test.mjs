// createEngine's ways of finding engine.wasm under Node: the default (next to the package's JS),
// wasmBinary (bytes in hand) and wasmUrl (a moved file). Bad options are in errors.test.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { compileEngine, createEngine } from '../../dist/index.js';

const wasmFile = new URL('../../dist/wasm/engine.wasm', import.meta.url);

async function works(engine) {
  assert.equal(engine.simd, true);
  assert.deepEqual([...engine.activation('relu').forward([-1, 3])], [0, 3]);
}

test('with no options it reads wasm/engine.wasm next to the package', async () => {
  await works(await createEngine());
});

test('wasmBinary takes the bytes as a Uint8Array or an ArrayBuffer', async () => {
  const bytes = readFileSync(wasmFile);
  await works(await createEngine({ wasmBinary: new Uint8Array(bytes) }));
  await works(await createEngine({ wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) }));
});

test('wasmUrl takes a URL object or an absolute URL string', async () => {
  await works(await createEngine({ wasmUrl: wasmFile }));
  await works(await createEngine({ wasmUrl: wasmFile.href }));
});

test('a wasmUrl that does not exist rejects with an Error naming the URL', async () => {
  const missing = new URL('../../dist/wasm/missing.wasm', import.meta.url);
  await assert.rejects(createEngine({ wasmUrl: missing }),
    (e) => e instanceof Error && e.message.includes(missing.href) && /createEngine/.test(e.message));
});

test('wasmModule takes engine.wasm compiled by compileEngine, once for any number of engines', async () => {
  const module = await compileEngine();
  assert.ok(module instanceof WebAssembly.Module);
  const [a, b] = [await createEngine({ wasmModule: module }), await createEngine({ wasmModule: module })];
  await works(a);
  await works(b);
  // Two instances: each has its own heap.
  const net = a.network({ layers: [{ units: 4, activation: 'relu' }] });
  assert.notEqual(a.memory().allocatedBytes, b.memory().allocatedBytes);
  net.dispose();
  await works(await createEngine({ wasmModule: await compileEngine(wasmFile) }));
});

test('a wasmModule that is not the engine rejects with an Error naming it; compileEngine names a missing URL', async () => {
  // The smallest valid module: the magic number and version only (no imports, no exports).
  const empty = new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  await assert.rejects(createEngine({ wasmModule: empty }), (e) => e instanceof Error && /createEngine: .*the given module: it exports no memory/.test(e.message));
  // A module that imports what the engine's glue does not give it (another build's, say).
  const foreign = new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, 8, 1, 1, 0x61, 2, 0x7a, 0x7a, 0, 0]));
  await assert.rejects(createEngine({ wasmModule: foreign }), (e) => e instanceof Error && /the given module: it imports a\.zz/.test(e.message));
  const missing = new URL('../../dist/wasm/missing.wasm', import.meta.url);
  await assert.rejects(compileEngine(missing), (e) => e instanceof Error && e.message.includes(missing.href) && /compileEngine/.test(e.message));
});
