// The plain-JS anchor of bench/ndim.bench.mjs: an MLP over n raw inputs with tanh hidden layers and a
// softmax output trained with cross-entropy, mini-batch SGD, the way a careful JS programmer writes it:
// flat Float64Arrays, weights row-major (units × inputs, as getWeights() gives them), no allocation in
// the training loop.
//
// Per example (z_l = W_l a_{l-1} + b_l; a_l = tanh z_l; p = softmax z_L):
//   dL/dz_L = p − onehot(y);  dL/dz_l = (W_{l+1}ᵀ dL/dz_{l+1}) ⊙ (1 − a_l²)
//   dL/dW_l += dL/dz_l a_{l-1}ᵀ,  dL/db_l += dL/dz_l;  after each batch W −= lr · mean gradient.

export class PlainSoftmaxMlp {
  /** layers: [{ weights, biases }] (getWeights() of an engine network); sizes follow from them. */
  constructor(inputs, layers) {
    this.sizes = [inputs, ...layers.map((l) => l.biases.length)];
    this.W = layers.map((l) => Float64Array.from(l.weights));
    this.b = layers.map((l) => Float64Array.from(l.biases));
    this.gW = this.W.map((w) => new Float64Array(w.length));
    this.gb = this.b.map((b) => new Float64Array(b.length));
    this.a = this.sizes.map((s) => new Float64Array(s));
    this.d = this.sizes.map((s) => new Float64Array(s));
  }

  /** Forward pass for the point at x[offset ..]; leaves probabilities in this.a[L]. */
  forward(x, offset) {
    const { a, W, b, sizes } = this;
    const L = sizes.length - 1;
    for (let i = 0; i < sizes[0]; i++) a[0][i] = x[offset + i];
    for (let l = 1; l <= L; l++) {
      const prev = a[l - 1], cur = a[l], w = W[l - 1], bias = b[l - 1], nIn = sizes[l - 1];
      for (let u = 0; u < sizes[l]; u++) {
        let z = bias[u];
        for (let i = 0, row = u * nIn; i < nIn; i++) z += w[row + i] * prev[i];
        cur[u] = l === L ? z : Math.tanh(z);
      }
    }
    const out = a[L];
    let max = -Infinity, sum = 0;
    for (let k = 0; k < out.length; k++) max = Math.max(max, out[k]);
    for (let k = 0; k < out.length; k++) sum += (out[k] = Math.exp(out[k] - max));
    for (let k = 0; k < out.length; k++) out[k] /= sum;
    return out;
  }

  /** Adds one example's gradient (forward must have just run on it); label is a class index. */
  backward(label) {
    const { a, d, W, gW, gb, sizes } = this;
    const L = sizes.length - 1;
    for (let k = 0; k < sizes[L]; k++) d[L][k] = a[L][k] - (k === label ? 1 : 0);
    for (let l = L; l >= 1; l--) {
      const nIn = sizes[l - 1], prev = a[l - 1], g = gW[l - 1], gbias = gb[l - 1], du = d[l];
      for (let u = 0; u < sizes[l]; u++) {
        gbias[u] += du[u];
        for (let i = 0, row = u * nIn; i < nIn; i++) g[row + i] += du[u] * prev[i];
      }
      if (l === 1) break;
      const w = W[l - 1], dPrev = d[l - 1];
      for (let i = 0; i < nIn; i++) {
        let s = 0;
        for (let u = 0; u < sizes[l]; u++) s += w[u * nIn + i] * du[u];
        dPrev[i] = s * (1 - prev[i] * prev[i]);
      }
    }
  }

  /** One epoch over n points in the given order (a permutation the caller shuffles). */
  fitEpoch(x, y, n, lr, batchSize, order) {
    const m = this.sizes[0];
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      for (let k = start; k < end; k++) {
        this.forward(x, m * order[k]);
        this.backward(y[order[k]]);
      }
      const scale = lr / (end - start);
      for (let l = 0; l < this.W.length; l++) {
        const w = this.W[l], g = this.gW[l], b = this.b[l], gb = this.gb[l];
        for (let i = 0; i < w.length; i++) { w[i] -= scale * g[i]; g[i] = 0; }
        for (let i = 0; i < b.length; i++) { b[i] -= scale * gb[i]; gb[i] = 0; }
      }
    }
  }

  /** Fraction of the n points whose largest probability is their label's. */
  accuracy(x, y, n) {
    let right = 0;
    for (let p = 0; p < n; p++) {
      const out = this.forward(x, this.sizes[0] * p);
      if (out.indexOf(Math.max(...out)) === y[p]) right++;
    }
    return right / n;
  }
}
