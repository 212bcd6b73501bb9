// net.export('pytorch'): a self-contained Python file for PyTorch >= 1.13 defining Net, model (the
// trained weights, eval mode), loss_fn and make_optimizer; run as a script it checks itself against
// the engine's own predictions on a few points.
import type { NetworkJSON } from '../network.js';
import type { ActivationInfo } from '../activations.js';
import { py } from './activations.js';
import { mappingOf } from './formula.js';

const HELPERS: Record<string, string> = {
  step: `class Step(nn.Module):
    """1 where x > 0, else 0 (strict: step(0) = 0); its gradient is 0."""

    def forward(self, x):
        return (x > 0).to(x.dtype)`,
  swish: `class Swish(nn.Module):
    """x * sigmoid(beta * x); beta is one value or one per unit, a Parameter when learnable."""

    def __init__(self, size=1, learnable=False):
        super().__init__()
        beta = torch.ones(size)
        if learnable:
            self.beta = nn.Parameter(beta)
        else:
            self.register_buffer("beta", beta)

    def forward(self, x):
        return x * torch.sigmoid(self.beta * x)`,
};

const FEATURES: Record<string, string> = {
  x1: 'x1', x2: 'x2', 'x1^2': 'x1 * x1', 'x2^2': 'x2 * x2', 'x1*x2': 'x1 * x2', 'sin(x1)': 'torch.sin(x1)', 'sin(x2)': 'torch.sin(x2)',
};

/** Points and the engine's predictions on them, for the file's self-check. */
export interface SelfCheck {
  points: ArrayLike<number>;
  outputs: ArrayLike<number>;
}

const floats = (v: ArrayLike<number>): string => `[${Array.from(v, (x) => py(x)).join(', ')}]`;
const rows = (v: ArrayLike<number>, cols: number): string => {
  const out: string[] = [];
  for (let i = 0; i < v.length; i += cols) out.push(floats(Array.from(v).slice(i, i + cols)));
  return `[${out.join(', ')}]`;
};
const tensor = (body: string): string => `torch.tensor(${body}, dtype=torch.float32)`;

function lossCode(json: NetworkJSON): { code: string; doc: string } {
  const { loss, output } = json.spec;
  if (loss === 'cross_entropy')
    return { doc: 'cross-entropy of the softmax output against class indices, mean over the batch',
             code: 'return F.nll_loss(torch.log(output), target.long())' };
  if (loss === 'mse')
    return output.units === 1
      ? { doc: 'mean squared error, mean over the batch', code: 'return F.mse_loss(output, target)' }
      : { doc: 'mean squared error against one-hot targets, mean over points and outputs',
          code: `return F.mse_loss(output, F.one_hot(target.long(), ${output.units}).to(output.dtype))` };
  if (output.activation === 'sigmoid')
    return { doc: 'binary cross-entropy of the sigmoid output, mean over the batch', code: 'return F.binary_cross_entropy(output, target)' };
  return {
    doc: 'binary cross-entropy, mean over the batch; the output is clamped to [1e-7, 1 - 1e-7] inside the logarithms and the gradient passes the clamp unchanged, as in the engine',
    code: 'p = output + (output.clamp(1e-7, 1 - 1e-7) - output).detach()\n    return -(target * torch.log(p) + (1 - target) * torch.log1p(-p)).mean()',
  };
}

function optimizerCode(json: NetworkJSON): string {
  const { optimizer: o, regularization: r } = json.spec;
  const l2 = r.kind === 'l2' && r.rate > 0;
  const params = l2
    ? `[{"params": weights, "weight_decay": ${py(r.rate)}}, {"params": others}]`
    : 'model.parameters()';
  const make = o.name === 'adam'
    ? `torch.optim.Adam(${params}, lr=${py(o.learningRate)}, betas=(${py(o.beta1)}, ${py(o.beta2)}), eps=${py(o.epsilon)})`
    : o.name === 'momentum'
      ? `torch.optim.SGD(${params}, lr=${py(o.learningRate)}, momentum=${py(o.momentum)})`
      : `torch.optim.SGD(${params}, lr=${py(o.learningRate)})`;
  const split = l2
    ? '    weights = [p for n, p in model.named_parameters() if n.endswith(".weight") and p.dim() == 2]\n' +
      '    others = [p for n, p in model.named_parameters() if not (n.endswith(".weight") and p.dim() == 2)]\n'
    : '';
  return `def make_optimizer(model):\n    """The engine's optimizer: ${o.name}${l2 ? `, L2 rate ${r.rate} on the weights (not biases)` : ''}."""\n${split}    return ${make}`;
}

/** Writes a network (its toJSON(), parameters filled in) as a Python file. */
export function toPytorch(json: NetworkJSON, check: SelfCheck, catalogue: readonly ActivationInfo[]): string {
  const { spec } = json;
  const all = [...spec.layers, spec.output];
  const helpers = new Set<string>();
  const modules: string[] = [];
  const state: string[] = [];
  // The features form computes its features from x1, x2; `inputs: n` feeds the n columns as they are.
  const width = spec.inputs ?? 2;
  let inputs = spec.inputs ?? spec.features.length;
  all.forEach((l, i) => {
    const m = mappingOf(l.activation, catalogue, i === spec.layers.length ? 'the output layer' : `hidden layer ${i}`, 'pytorch');
    m.torchHelpers?.forEach((h) => helpers.add(HELPERS[h]));
    Object.values(m.torchClasses ?? {}).forEach((c) => helpers.add(c));
    const w = json.layers[i] as NetworkJSON['layers'][number] & Record<string, number[] | undefined>;
    const params = l.params as Record<string, number>;
    const lin = 2 * i, act = 2 * i + 1;
    modules.push(`            nn.Linear(${inputs}, ${l.units}),`, `            ${m.torch(params, l)},`);
    state.push(`    "layers.${lin}.weight": ${tensor(rows(w.weights, inputs))},`, `    "layers.${lin}.bias": ${tensor(floats(w.biases))},`);
    if (m.torchState) {
      const { key, param } = m.torchState;
      const values = l.learnable !== 'none' && w[param] ? w[param]! : [params[param]];
      state.push(`    "layers.${act}.${key}": ${tensor(floats(values))},`);
    }
    inputs = l.units;
  });
  const one = spec.output.units === 1;
  const loss = lossCode(json);
  const reg = spec.regularization;
  return `# Generated by Activation Playground (net.export('pytorch')), for PyTorch >= 1.13.
# model(points) takes raw points (an N x ${width} float32 tensor${spec.inputs === undefined ? ' of x1, x2' : ''}) and returns what net.predict
# returns: ${one ? 'N values' : `N x ${spec.output.units} values`}.
#
# To continue training here (one step of make_optimizer on loss_fn equals one step in the engine):
#   loss:           ${spec.loss}: ${loss.doc} (loss_fn)
#   optimizer:      ${spec.optimizer.name}, learning rate ${spec.optimizer.learningRate}${spec.optimizer.name === 'momentum' ? `, momentum ${spec.optimizer.momentum}` : ''}${spec.optimizer.name === 'adam' ? `, betas (${spec.optimizer.beta1}, ${spec.optimizer.beta2}), eps ${spec.optimizer.epsilon}` : ''} (make_optimizer)
#   regularization: ${reg.kind === 'none' || reg.rate === 0 ? 'none' : reg.kind === 'l2' ? `l2, rate ${reg.rate}: weight_decay on the weights (make_optimizer)` : `l1, rate ${reg.rate}: add ${reg.rate} * sum of |w| over the Linear weights to the loss`}
#   trained:        ${json.epoch} epochs, ${json.optimizer.steps} steps here; the optimizer's moments start again from zero
#
#   model.train()
#   optimizer = make_optimizer(model)
#   for points, labels in batches:          # labels: float 0/1${spec.loss === 'bce' ? '' : ' or class indices'}
#       optimizer.zero_grad()
#       loss_fn(model(points), labels).backward()
#       optimizer.step()
import torch
from torch import nn
import torch.nn.functional as F
${helpers.size ? '\n\n' + [...helpers].join('\n\n\n') : ''}


class Net(nn.Module):
    """${spec.inputs === undefined ? `Features ${spec.features.join(', ')} from the points` : `The ${width} input columns`}, then ${all.map((l) => `${l.units} ${l.activation}`).join(' -> ')}."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
${modules.join('\n')}
        )

    def features(self, points):
${spec.inputs === undefined
    ? `        x1, x2 = points[:, 0], points[:, 1]
        return torch.stack([${spec.features.map((f) => FEATURES[f]).join(', ')}], dim=1)`
    : '        return points'}

    def forward(self, points):
        return self.layers(self.features(points))${one ? '.squeeze(-1)' : ''}


def loss_fn(output, target):
    """${loss.doc[0].toUpperCase() + loss.doc.slice(1)}."""
    ${loss.code}


${optimizerCode(json)}


model = Net()
model.load_state_dict({
${state.join('\n')}
})
model.eval()

if __name__ == "__main__":
    points = ${tensor(rows(check.points, width))}
    expected = ${tensor(one ? floats(check.outputs) : rows(check.outputs, spec.output.units))}
    with torch.no_grad():
        diff = (model(points) - expected).abs().max().item()
    ok = diff <= 1e-5
    print(f"self-check: max |model(points) - net.predict(points)| = {diff:.3g} over {len(points)} points: {'ok' if ok else 'FAILED'}")
    raise SystemExit(0 if ok else 1)
`;
}
