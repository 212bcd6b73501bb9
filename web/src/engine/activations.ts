// The activation catalogue as JS sees it: engine.activations and engine.activation(name, params).
import { checkString, toFloat32 } from './errors.js';
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
  constructor(private readonly raw: RawModule, readonly name: string, readonly params: ActivationParams) {}

  /** f(x): a number for a number, a new Float32Array for an array. */
  forward(x: number): number;
  forward(x: Batch): Float32Array;
  forward(x: number | Batch): number | Float32Array {
    return this.apply('forward', x, (v) => this.raw._forward(this.name, this.params, v));
  }

  /** f'(x): a number for a number, a new Float32Array for an array. */
  derivative(x: number): number;
  derivative(x: Batch): Float32Array;
  derivative(x: number | Batch): number | Float32Array {
    return this.apply('derivative', x, (v) => this.raw._derivative(this.name, this.params, v));
  }

  private apply(fn: string, x: number | Batch, kernel: (v: Float32Array) => Float32Array): number | Float32Array {
    if (typeof x === 'number') return kernel(Float32Array.of(x))[0];
    return kernel(toFloat32(x, `${fn}: x`));
  }
}

/** Reads the catalogue once. */
export function readCatalogue(raw: RawModule): ActivationInfo[] {
  return raw._catalogue().map((e) => Object.freeze({ ...e }));
}

/** engine.activation(name, params): validates the name and returns an {@link Activation}. */
export function makeActivation(raw: RawModule, catalogue: readonly ActivationInfo[], name: unknown,
                               params: ActivationParams = {}): Activation {
  checkString(name, 'activation: name');
  const known = catalogue.some((e) => e.name === name) || name === 'linear';
  if (!known)
    throw new RangeError(`activation: name must be one of ${catalogue.map((e) => e.name).join(', ')}; got "${name}"`);
  return new Activation(raw, name as string, { ...params });
}
