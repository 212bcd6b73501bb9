// Browser side: computes the fingerprint and hands it to the test through window.result.
import { createEngine } from '/dist/index.js';
import { fingerprint } from './fingerprint.mjs';

createEngine().then((engine) => {
  window.result = fingerprint(engine);
}, (e) => {
  window.result = { error: String(e) };
});
