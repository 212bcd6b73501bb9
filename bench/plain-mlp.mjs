// A hand-written plain-JS MLP, the "what a careful JS programmer writes in an afternoon" anchor of
// bench/mlp.bench.mjs: dense layers over Float64Arrays, tanh hidden units, one sigmoid output unit
// trained with binary cross-entropy, mini-batch SGD. No allocation inside the training loop.
//
// Maths per example (layer l: z_l = W_l a_{l-1} + b_l, a_l = tanh z_l; output p = sigmoid z_L):
//   dL/dz_L = p − y                       (BCE through the sigmoid, stable: no log of p needed)
//   dL/dz_l = (W_{l+1}ᵀ dL/dz_{l+1}) ⊙ (1 − a_l²)
//   dL/dW_l += dL/dz_l a_{l-1}ᵀ,  dL/db_l += dL/dz_l;  after each batch: W −= lr · mean gradient.

/** Deterministic uniform numbers in [0, 1) (mulberry32), so runs are repeatable. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class PlainMlp {
  /**
   * @param sizes - layer widths including input and output, e.g. [2, 8, 8, 1] (one output unit).
   * @param seed - seeds the Xavier-uniform initialisation and the shuffling.
   */
  constructor(sizes, seed = 1) {
    this.sizes = sizes;
    this.rand = mulberry32(seed);
    this.W = [];
    this.b = [];
    this.gW = [];
    this.gb = [];
    this.a = [new Float64Array(sizes[0])];
    this.d = [null];
    for (let l = 1; l < sizes.length; l++) {
      const fanIn = sizes[l - 1];
      const fanOut = sizes[l];
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const w = new Float64Array(fanIn * fanOut);
      for (let i = 0; i < w.length; i++) w[i] = (this.rand() * 2 - 1) * limit;
      this.W.push(w);
      this.b.push(new Float64Array(fanOut));
      this.gW.push(new Float64Array(fanIn * fanOut));
      this.gb.push(new Float64Array(fanOut));
      this.a.push(new Float64Array(fanOut));
      this.d.push(new Float64Array(fanOut));
    }
  }

  /** Forward pass for one point; returns the output probability. */
  forward(x1, x2) {
    const { a, W, b, sizes } = this;
    a[0][0] = x1;
    a[0][1] = x2;
    const L = sizes.length - 1;
    for (let l = 1; l <= L; l++) {
      const prev = a[l - 1];
      const cur = a[l];
      const w = W[l - 1];
      const bias = b[l - 1];
      const nIn = sizes[l - 1];
      for (let u = 0; u < sizes[l]; u++) {
        let z = bias[u];
        const row = u * nIn;
        for (let i = 0; i < nIn; i++) z += w[row + i] * prev[i];
        cur[u] = l === L ? 1 / (1 + Math.exp(-z)) : Math.tanh(z);
      }
    }
    return a[L][0];
  }

  /** Accumulates the gradient of one example (forward must have just run on it). */
  backward(y) {
    const { a, d, W, gW, gb, sizes } = this;
    const L = sizes.length - 1;
    d[L][0] = a[L][0] - y;
    for (let l = L; l >= 1; l--) {
      const nIn = sizes[l - 1];
      const prev = a[l - 1];
      const g = gW[l - 1];
      const gbias = gb[l - 1];
      for (let u = 0; u < sizes[l]; u++) {
        const du = d[l][u];
        gbias[u] += du;
        const row = u * nIn;
        for (let i = 0; i < nIn; i++) g[row + i] += du * prev[i];
      }
      if (l > 1) {
        const w = W[l - 1];
        const dPrev = d[l - 1];
        for (let i = 0; i < nIn; i++) {
          let s = 0;
          for (let u = 0; u < sizes[l]; u++) s += w[u * nIn + i] * d[l][u];
          dPrev[i] = s * (1 - prev[i] * prev[i]);
        }
      }
    }
  }

  /** Applies and clears the accumulated gradient: w −= lr · g / count. */
  step(lr, count) {
    const k = lr / count;
    for (let l = 0; l < this.W.length; l++) {
      const w = this.W[l], g = this.gW[l], b = this.b[l], gb = this.gb[l];
      for (let i = 0; i < w.length; i++) { w[i] -= k * g[i]; g[i] = 0; }
      for (let i = 0; i < b.length; i++) { b[i] -= k * gb[i]; gb[i] = 0; }
    }
  }

  /**
   * One epoch of mini-batch SGD over n points (x: n*2 row-major, y: 0/1), shuffled.
   * `order` is a reusable Uint32Array of length n.
   */
  fitEpoch(x, y, n, lr, batchSize, order) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.rand() * (i + 1));
      const t = order[i]; order[i] = order[j]; order[j] = t;
    }
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      for (let k = start; k < end; k++) {
        const p = order[k];
        this.forward(x[2 * p], x[2 * p + 1]);
        this.backward(y[p]);
      }
      this.step(lr, end - start);
    }
  }

  /** Fraction of the n points classified right (p >= 0.5 means class 1). */
  accuracy(x, y, n) {
    let right = 0;
    for (let i = 0; i < n; i++) if ((this.forward(x[2 * i], x[2 * i + 1]) >= 0.5 ? 1 : 0) === y[i]) right++;
    return right / n;
  }

  /** Output probabilities over a width × height lattice of [x0, x1] × [y0, y1], row 0 at the top. */
  predictGrid(x0, x1, y0, y1, width, height, out = new Float32Array(width * height)) {
    for (let r = 0; r < height; r++) {
      const py = y1 - ((y1 - y0) * r) / (height - 1);
      for (let c = 0; c < width; c++) out[r * width + c] = this.forward(x0 + ((x1 - x0) * c) / (width - 1), py);
    }
    return out;
  }
}
