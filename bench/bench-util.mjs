// What the MLP benchmarks share: medians, a seeded shuffle and the training-throughput measurement.
import { performance } from 'node:perf_hooks';

export const median = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** Fisher–Yates with a seeded generator (the JS engines shuffle their epoch order with it). */
export function shuffle(order, rand) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i]; order[i] = order[j]; order[j] = t;
  }
}

/**
 * Training throughput of engine e (make(seed) -> model, fit(model, epochs), free(model)) on n training
 * points: a short warm-up, then enough epochs per timing to last ≥ 100 ms; examples/s, median over `repeats`.
 */
export function trainingRate(e, n, repeats) {
  const m = e.make(1);
  e.fit(m, 3);
  let epochs = 1;
  for (;;) {
    const t = performance.now();
    e.fit(m, epochs);
    if (performance.now() - t >= 100) break;
    epochs *= 2;
  }
  const rates = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    e.fit(m, epochs);
    rates.push((epochs * n) / ((performance.now() - t) / 1000));
  }
  e.free(m);
  return median(rates);
}

/** tfjs-core with the given backend ('cpu' or 'wasm'), ready to run. */
export async function loadTfjs(require, backend) {
  const tf = require('@tensorflow/tfjs-core');
  require('@tensorflow/tfjs-backend-cpu');
  if (backend === 'wasm') require('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend ${backend} unavailable`);
  await tf.ready();
  return tf;
}

/**
 * One SGD step of a tanh MLP in tfjs ops (tfjs-core's Node build registers no gradients): forward over the
 * k × inputs batch x, probabilities p = out(z_L) (tf.sigmoid or tf.softmax), dL/dz_L = (p − target)/k (the
 * cross-entropy's gradient through either), back through tanh with (1 − a²), W −= lr · aᵀ dL/dz via assign.
 * W[l] is inputs × units; target is k × outputs.
 */
export function tfjsStep(tf, W, b, x, target, k, lr, out) {
  tf.tidy(() => {
    const L = W.length;
    const a = [tf.tensor2d(x.subarray(0, k * W[0].shape[0]), [k, W[0].shape[0]])];
    for (let l = 0; l < L; l++) {
      const z = tf.add(tf.matMul(a[l], W[l]), b[l]);
      a.push(l < L - 1 ? tf.tanh(z) : out(z));
    }
    const outputs = W[L - 1].shape[1];
    let d = tf.div(tf.sub(a[L], tf.tensor2d(target.subarray(0, k * outputs), [k, outputs])), k);
    for (let l = L - 1; l >= 0; l--) {
      const gW = tf.matMul(a[l], d, true, false);
      const gb = tf.sum(d, 0);
      if (l > 0) d = tf.mul(tf.matMul(d, W[l], false, true), tf.sub(1, tf.square(a[l])));
      W[l].assign(tf.sub(W[l], tf.mul(gW, lr)));
      b[l].assign(tf.sub(b[l], tf.mul(gb, lr)));
    }
  });
}
