// An independent reference for the WASM MLP, in the spirit of micrograd: scalar reverse-mode autodiff
// in double precision, a few lines per operation, no shared code with the engine. The tests build the
// same network from getWeights() and compare its loss and gradients with evaluate() and gradients().

/** A scalar node of the computation graph. */
export class Value {
  constructor(data, parents = [], local = []) {
    this.data = data;
    this.grad = 0;
    this.parents = parents; // nodes this one was computed from
    this.local = local; // d(this)/d(parent) for each parent
  }
  add(o) {
    o = lift(o);
    return new Value(this.data + o.data, [this, o], [1, 1]);
  }
  sub(o) {
    return this.add(lift(o).mul(-1));
  }
  mul(o) {
    o = lift(o);
    return new Value(this.data * o.data, [this, o], [o.data, this.data]);
  }
  div(o) {
    o = lift(o);
    return new Value(this.data / o.data, [this, o], [1 / o.data, -this.data / (o.data * o.data)]);
  }
  exp() {
    const e = Math.exp(this.data);
    return new Value(e, [this], [e]);
  }
  log() {
    return new Value(Math.log(this.data), [this], [1 / this.data]);
  }
  tanh() {
    const t = Math.tanh(this.data);
    return new Value(t, [this], [1 - t * t]);
  }
  sigmoid() {
    const s = 1 / (1 + Math.exp(-this.data));
    return new Value(s, [this], [s * (1 - s)]);
  }
  relu() {
    return new Value(Math.max(0, this.data), [this], [this.data > 0 ? 1 : 0]);
  }
  /** x if x > 0 else a·x, differentiable in x and in a (a Value): prelu. */
  prelu(a) {
    return this.data > 0 ? new Value(this.data, [this, a], [1, 0]) : this.mul(a);
  }
  /** x·sigmoid(b·x), b a Value: swish. */
  swish(b) {
    return this.mul(this.mul(b).sigmoid());
  }
  /** Reverse sweep from this node: fills .grad of every node it depends on. */
  backward() {
    const order = [];
    const seen = new Set();
    const visit = (v) => {
      if (seen.has(v)) return;
      seen.add(v);
      for (const p of v.parents) visit(p);
      order.push(v);
    };
    visit(this);
    this.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) {
      const v = order[i];
      v.parents.forEach((p, j) => {
        p.grad += v.local[j] * v.grad;
      });
    }
  }
}

const lift = (v) => (v instanceof Value ? v : new Value(v));

const FEATURES = {
  x1: (a) => a,
  x2: (a, b) => b,
  'x1^2': (a) => a * a,
  'x2^2': (a, b) => b * b,
  'x1*x2': (a, b) => a * b,
  'sin(x1)': (a) => Math.sin(a),
  'sin(x2)': (a, b) => Math.sin(b),
};

function activate(name, z, param) {
  switch (name) {
    case 'identity': return z;
    case 'tanh': return z.tanh();
    case 'sigmoid': return z.sigmoid();
    case 'relu': return z.relu();
    case 'prelu': return z.prelu(param);
    case 'swish': return z.swish(param);
    default: throw new Error(`reference: no activation ${name}`);
  }
}

/**
 * Mean loss over the points and its gradient w.r.t. every weight, bias and learnable parameter.
 * spec: the network's normalised spec (net.spec); layers: net.getWeights(); x: n*2 (n*inputs with
 * spec.inputs: the raw columns feed the first layer); y: n.
 * Returns { loss, grads, outputs, hidden } with grads shaped like getWeights() (Float64Arrays), outputs
 * what predict returns per point (probabilities with softmax) and hidden[l][p] layer l's outputs at point p.
 */
export function referenceLossAndGradients(spec, layers, x, y) {
  const specs = [...spec.layers, spec.output];
  const params = layers.map((l, i) => {
    const name = specs[i].activation === 'prelu' ? 'alpha' : specs[i].activation === 'swish' ? 'beta' : null;
    const learn = name && l[name] ? [...l[name]].map((v) => new Value(v)) : null;
    const fixed = name ? new Value(specs[i].params[name]) : null;
    return {
      W: [...l.weights].map((v) => new Value(v)),
      b: [...l.biases].map((v) => new Value(v)),
      name,
      learn,
      param: (u) => (learn ? learn[learn.length === 1 ? 0 : u] : fixed),
    };
  });
  const n = y.length;
  const k = spec.inputs;
  const outputs = [];
  const hidden = spec.layers.map(() => []);
  let total = new Value(0);
  for (let p = 0; p < n; p++) {
    let a = k !== undefined ? Array.from(x.slice(k * p, k * p + k), (v) => new Value(v))
      : spec.features.map((f) => new Value(FEATURES[f](x[2 * p], x[2 * p + 1])));
    let z = [];
    specs.forEach((s, l) => {
      const { W, b } = params[l];
      z = b.map((bias, u) => a.reduce((acc, ai, i) => acc.add(W[u * a.length + i].mul(ai)), bias));
      a = s.activation === 'softmax' ? z : z.map((zu, u) => activate(s.activation, zu, params[l].param(u)));
      if (l < spec.layers.length) hidden[l].push(a.map((v) => v.data));
    });
    if (spec.output.activation === 'softmax') {
      const e = z.map((v) => Math.exp(v.data - Math.max(...z.map((w) => w.data))));
      outputs.push(e.map((v) => v / e.reduce((s, w) => s + w, 0)));
    } else {
      outputs.push(a.map((v) => v.data));
    }
    const t = y[p];
    let loss;
    if (spec.output.activation === 'softmax') {
      // Cross-entropy: log sum exp z - z_t (the max is subtracted for range, a constant for the gradient).
      const m = Math.max(...z.map((v) => v.data));
      const exps = z.map((v) => v.sub(m).exp());
      const sum = exps.reduce((s, e) => s.add(e), new Value(0));
      if (spec.loss === 'cross_entropy') loss = sum.log().add(m).sub(z[t]);
      else {
        loss = exps.reduce((s, e, k) => s.add(e.div(sum).sub(k === t ? 1 : 0).mul(e.div(sum).sub(k === t ? 1 : 0))), new Value(0)).div(z.length);
      }
    } else if (spec.loss === 'bce') {
      const q = a[0];
      loss = q.log().mul(-t).sub(new Value(1).sub(q).log().mul(1 - t));
    } else {
      const targets = a.length === 1 ? [t] : a.map((_, k) => (k === t ? 1 : 0));
      loss = a.reduce((s, v, k) => s.add(v.sub(targets[k]).mul(v.sub(targets[k]))), new Value(0)).div(a.length);
    }
    total = total.add(loss);
  }
  const mean = total.div(n);
  mean.backward();
  const grads = params.map((q) => {
    const g = { weights: Float64Array.from(q.W, (v) => v.grad), biases: Float64Array.from(q.b, (v) => v.grad) };
    if (q.learn) g[q.name] = Float64Array.from(q.learn, (v) => v.grad);
    return g;
  });
  return { loss: mean.data, grads, outputs, hidden };
}
