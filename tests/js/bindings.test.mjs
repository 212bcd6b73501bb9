// Every function the bindings register with Embind goes through guarded() (cpp/bindings/js_error.h),
// so an error the core returns (ap::Status) reaches JS as a RangeError (a formula's as a SyntaxError)
// with its message, never as a bare number, a WebAssembly.Exception or a result computed anyway. This reads the binding sources: a new entry
// point written without guarded() fails here, naming it. The behaviour itself (the JS error classes
// and messages) is tested through the API in errors.test.mjs.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../cpp/bindings');
const sources = readdirSync(dir).filter((f) => f.endsWith('.cc')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]);

/** The body of the C++ function `name` defined in `src` (from its opening brace to the matching one). */
function bodyOf(src, name) {
  const m = new RegExp(`\\b${name}\\s*\\([^;{]*\\)\\s*(?:->[^{]*)?\\{`).exec(src);
  if (!m) return null;
  let depth = 0;
  for (let i = m.index + m[0].length - 1; i < src.length; i++) {
    if (src[i] === '{') depth++;
    else if (src[i] === '}' && --depth === 0) return src.slice(m.index, i + 1);
  }
  return null;
}

test('every Embind entry point runs under guarded()', () => {
  const registered = [];
  for (const [file, src] of sources)
    for (const m of src.matchAll(/(?:emscripten::function|\.function)\("(\w+)",\s*&(?:[\w:]*::)?(\w+)\)/g))
      registered.push({ file, js: m[1], cpp: m[2], body: bodyOf(src, m[2]) });
  assert.ok(registered.length >= 30, `found only ${registered.length} registrations: the scanner is broken`);
  const missing = registered.filter((r) => r.body === null).map((r) => `${r.file}: ${r.js} -> ${r.cpp} (definition not found)`);
  assert.deepEqual(missing, []);
  const unguarded = registered.filter((r) => !/\bguarded\(/.test(r.body)).map((r) => `${r.file}: ${r.js} (${r.cpp})`);
  assert.deepEqual(unguarded, [], 'entry points without guarded()');
});
