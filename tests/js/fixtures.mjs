// What the network tests share: disposing each test's networks after it, and the error check.
import assert from 'node:assert/strict';
import { afterEach } from 'node:test';

// Networks own WASM memory: every test's networks are disposed after it (Node 20 has no `using`).
const live = [];
/** Registers net for disposal after the current test; returns it. */
export const track = (net) => (live.push(net), net);
/** Disposes the networks tracked so far (also run after every test). */
export function disposeTracked() {
  for (const net of live.splice(0)) net.dispose();
}
afterEach(disposeTracked);

/** Asserts that fn throws an instance of Kind whose message matches pattern (and shows it if not). */
export const throwsNamed = (fn, Kind, pattern) =>
  assert.throws(fn, (e) => e instanceof Kind && pattern.test(e.message) ? true : assert.fail(`${e?.constructor?.name}: ${e?.message}`));
