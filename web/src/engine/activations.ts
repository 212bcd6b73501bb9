// The activation catalogue as JS sees it: engine.activations and engine.activation(name, params).
import { checkFinite, checkOptions, checkString, toFloat32 } from './errors.js';
import { allocF32, toHeap, withHeap } from './heap.js';
import type { RawModule } from './raw.js';

/** One entry of the catalogue. */
export interface ActivationInfo {
  /** Keras-style name, e.g. "leaky_relu". */
  name: string;
  /** Display label, e.g. "Leaky ReLU". */
  label: string;
}

/** Parameters of an activation (each activation reads only its own). */
export interface ActivationParams {
  alpha?: number;
  beta?: number;
  theta?: number;
  threshold?: number;
}

type Batch = Float32Array | number[];

/** An activation with fixed parameters; evaluates batches in one call each. */
export class Activation {
  /** @internal */
  constructor(private readonly raw: RawModule, readonly name: string, private readonly index: number,
              readonly params: Readonly<ActivationParams>) {}

  /** f(x): a number for a number, a new Float32Array for an array. */
  forward(x: number): number;
  forward(x: Batch): Float32Array;
  forward(x: number | Batch): number | Float32Array {
    return this.map('forward', x, this.raw._forwardPtr);
  }

  /** f'(x): a number for a number, a new Float32Array for an array. */
  derivative(x: number): number;
  derivative(x: Batch): Float32Array;
  derivative(x: number | Batch): number | Float32Array {
    return this.map('derivative', x, this.raw._derivativePtr);
  }

  private map(fn: string, x: number | Batch, kernel: RawModule['_forwardPtr']): number | Float32Array {
    const input = typeof x === 'number' ? Float32Array.of(x) : toFloat32(x, `${fn}: x`);
    const n = input.length;
    const src = toHeap(this.raw, input, `${fn}: x`);
    const dst = allocF32(this.raw, n, `${fn}: x`);
    return withHeap([src, dst], () => {
      const p = this.params;
      kernel(this.index, p.alpha ?? 0, p.beta ?? 1, p.theta ?? 1, p.threshold ?? 20, src.ptr, dst.ptr, n);
      return typeof x === 'number' ? dst.view()[0] : dst.copy();
    });
  }
}

const PARAM_NAMES = ['alpha', 'beta', 'theta', 'threshold'] as const;

/** Reads the catalogue once. */
export function readCatalogue(raw: RawModule): ActivationInfo[] {
  return raw._catalogue().map((e) => Object.freeze({ ...e }));
}

/** engine.activation(name, params): validates the name and returns an {@link Activation}. */
export function makeActivation(raw: RawModule, catalogue: readonly ActivationInfo[], name: unknown,
                               params: unknown = {}): Activation {
  checkString(name, 'activation: name');
  const index = catalogue.findIndex((e) => e.name === (name === 'linear' ? 'identity' : name));
  if (index < 0)
    throw new RangeError(`activation: name must be one of ${catalogue.map((e) => e.name).join(', ')}; got "${name}"`);
  const p = checkOptions(params, 'activation: params', PARAM_NAMES);
  const checked: ActivationParams = {};
  for (const k of PARAM_NAMES) if (p[k] !== undefined) checked[k] = checkFinite(p[k], `activation: params.${k}`);
  return new Activation(raw, name as string, index, Object.freeze(checked));
}
