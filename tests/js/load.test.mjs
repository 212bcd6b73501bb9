// createEngine's ways of finding engine.wasm under Node: the default (next to the package's JS),
// wasmBinary (bytes in hand) and wasmUrl (a moved file). Bad options are in errors.test.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { createEngine } from '../../dist/index.js';

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
