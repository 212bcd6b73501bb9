// The Engine: one loaded WASM module and everything built on it.
import { Activation, type ActivationInfo, type ActivationParams, makeActivation, readCatalogue } from './activations.js';
import { type EngineOptions, loadModule } from './load.js';
import type { RawModule } from './raw.js';

/** A loaded engine. Create one with {@link createEngine}; it can be shared by any number of views. */
export class Engine {
  /** The activation catalogue, in catalogue order. */
  readonly activations: readonly ActivationInfo[];

  /** @internal */
  constructor(private readonly raw: RawModule) {
    this.activations = Object.freeze(readCatalogue(raw));
  }

  /** True when the engine runs its SIMD128 kernels. */
  get simd(): boolean {
    return this.raw._simdEnabled();
  }

  /** An activation with the given parameters (defaults for those left out). */
  activation(name: string, params?: ActivationParams): Activation {
    return makeActivation(this.raw, this.activations, name, params);
  }
}

/** Loads the WASM engine. In Node it reads engine.wasm from the package; in browsers it fetches it. */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  if (options === null || typeof options !== 'object')
    throw new TypeError('createEngine: options must be an object');
  return new Engine(await loadModule(options));
}
