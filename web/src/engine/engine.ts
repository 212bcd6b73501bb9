// The Engine: one loaded WASM module and everything built on it. Its training half (networks, data sets,
// feature grids, ONNX import) is code of its own, training.ts, that createEngine (create.ts) installs:
// a page that only plots activations (the embed's one-plot page) loads the engine without it, and the
// elements that train load it before they use their engine (components/engine-context.ts).
import {
  Activation, type ActivationInfo, type ActivationParams, makeActivation, readCatalogue, readSoftmaxInfo, softmax,
  softmaxBackward, type SoftmaxInfo,
} from './activations.js';
import type { Batch } from './errors.js';
import type { Dataset, DatasetName, DatasetOptions } from './dataset.js';
import { type ActivationDefinition, ActivationRegistry, type FormulaPreview } from './formula.js';
import { inspectAs } from './inspect.js';
import { type Limits, limitsOf } from './limits.js';
import { type EngineOptions, loadModule } from './load.js';
import type { Feature, GridSpec, Network, NetworkJSON, NetworkSpec } from './network.js';
import type { RawModule } from './raw.js';
import type { Training } from './training.js';

let training: Training | null = null;

/** @internal Makes the training methods of every Engine work (training.ts calls it; createEngine does). */
export function installTraining(t: Training): void {
  training = t;
}

function trainingFor(method: string): Training {
  if (!training) {
    throw new Error(`engine.${method}: this engine was loaded without its training code; use createEngine from ` +
                    `'activation-playground' (or the embed bundle's getEngine()), which loads it`);
  }
  return training;
}

/** What {@link Engine.memory} reports, in bytes. */
export interface MemoryStats {
  /** Size of the WebAssembly memory (grows on demand up to limits.maxHeapBytes; never shrinks). */
  heapBytes: number;
  /** Bytes malloc has handed out and not had back (C++ objects, buffers). */
  allocatedBytes: number;
}

/** A loaded engine. Create one with {@link createEngine}; it can be shared by any number of views. */
export class Engine {
  /** The element-wise activation catalogue, in catalogue order (softmax, a vector operation, is {@link softmaxInfo}). */
  readonly activations: readonly ActivationInfo[];
  /** Label and TeX of softmax. */
  readonly softmaxInfo: SoftmaxInfo;
  readonly #registry: ActivationRegistry;

  static {
    inspectAs(Engine, (e) => ({ activations: e.activations.length, defined: e.definedActivations.length || undefined, simd: e.simd }));
  }

  /** @internal */
  constructor(private readonly raw: RawModule) {
    this.activations = Object.freeze(readCatalogue(raw));
    this.softmaxInfo = readSoftmaxInfo(raw);
    this.#registry = new ActivationRegistry(raw, this.activations);
  }

  /**
   * Defines an activation from a formula (parsed, differentiated and compiled by the engine; no eval):
   * `name` then works wherever a catalogue name does (engine.activation, networks, toJSON/loadNetwork).
   * Returns its info, with `formula` and `derivativeFormula` as TeX, `source` and `expression` (the
   * parsed tree). SyntaxError (with `column`) for a formula that does not parse; RangeError for an
   * unknown name or function, a wrong number of arguments, a catalogue name, a limit, a parameter range
   * that is empty or not finite; TypeError for a wrong type. Nothing is defined when it throws.
   * Redefining a name replaces it for what is created afterwards; existing networks keep their formula.
   */
  defineActivation(definition: ActivationDefinition): ActivationInfo {
    return this.#registry.define(definition);
  }

  /** The activations defined with {@link defineActivation}, the latest definition of each name. */
  get definedActivations(): readonly ActivationInfo[] {
    return this.#registry.defined;
  }

  /**
   * TeX of a formula and of its derivative, defining nothing: live validation as a user types. Throws the
   * errors of {@link defineActivation} (SyntaxError with `column`). `params` names the parameters.
   */
  checkFormula(formula: string, params: string[] = []): FormulaPreview {
    return this.#registry.preview(formula, params);
  }

  /** True when the engine runs its SIMD128 kernels. */
  get simd(): boolean {
    return this.raw._simdEnabled();
  }

  /**
   * Heap diagnostics: `heapBytes` is the size of the WASM memory (it grows, never shrinks), `allocatedBytes`
   * what malloc has handed out and not got back. After disposing everything you created, `allocatedBytes`
   * returns to where it was.
   */
  memory(): MemoryStats {
    const { allocatedBytes } = this.raw._memoryStats();
    return { heapBytes: this.raw.HEAPU8.buffer.byteLength, allocatedBytes };
  }

  /**
   * An activation with the given parameters (catalogue defaults for those left out). RangeError for an unknown
   * name or parameter, or a value outside the parameter's range; TypeError for a value of the wrong type.
   */
  activation(name: string, params?: ActivationParams): Activation {
    return makeActivation(this.raw, this.#registry, name, params);
  }

  /** softmax(v)_i = e^{v_i} / Σ_j e^{v_j}: a new Float32Array (stable for any entries; +∞ entries share the mass). */
  softmax(v: Batch): Float32Array {
    return softmax(this.raw, v);
  }

  /** Jᵀ·dy (= J·dy, J is symmetric) with J the Jacobian of softmax at v: y_i (dy_i − ⟨y, dy⟩), y = softmax(v). */
  softmaxBackward(v: Batch, dy: Batch): Float32Array {
    return softmaxBackward(this.raw, v, dy);
  }

  /** A seeded toy dataset ('xor' | 'circle' | 'gaussian' | 'spiral'; regression: 'plane' | 'multi_gaussian'), or 'custom' from options.x/y. */
  dataset(name: DatasetName, options?: DatasetOptions): Dataset {
    return trainingFor('dataset').makeDataset(this.raw, name, options);
  }

  /**
   * Test flags for n points (1 = held out for testing): round(n·testRatio) of them, chosen by the engine's
   * seeded generator, so the same n, ratio and seed give the same split (the train worker's split too).
   * n an integer in [0, limits.maxDatasetPoints], testRatio in [0, 1], seed a non-negative integer.
   */
  holdOut(n: number, testRatio: number, seed: number): Uint8Array {
    return trainingFor('holdOut').holdOut(this.raw, n, testRatio, seed);
  }

  /**
   * Input features over a grid as the core computes them for a network (float32): width × height values per
   * feature, feature-major, each row-major with the top row (y1) first, as predictGrid. `features` defaults
   * to all seven, in the order 'x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'.
   */
  featureGrid(grid: GridSpec, features?: readonly Feature[]): Float32Array {
    return trainingFor('featureGrid').featureGrid(this.raw, this.#registry, grid, features);
  }

  /** The engine's limits (the C++ core's constants): largest layer, batch, grid, data set... */
  get limits(): Limits {
    return limitsOf(this.raw);
  }

  /** A new MLP in WASM memory; dispose() it when done. */
  network(spec: NetworkSpec = {}): Network {
    return trainingFor('network').makeNetwork(this.raw, this.#registry, spec);
  }

  /** Rebuilds a network from toJSON() output (an object or its JSON text), validating every field; formula
   *  activations it carries are defined first (RangeError if this engine has a different one by that name). */
  loadNetwork(json: NetworkJSON | string | object): Network {
    return trainingFor('loadNetwork').loadNetwork(this.raw, this.#registry, json);
  }

  /**
   * A network from an ONNX model: the files net.export('onnx') writes (spec and weights as they were), and
   * the plain MLPs torch.onnx.export writes for an nn.Sequential of nn.Linear and supported activations
   * (Gemm or MatMul + Add, Identity/Flatten). n input columns read as they are give `inputs: n` (2 give
   * features x1, x2 unless our metadata says inputs: 2). RangeError naming the node and operator for
   * anything it cannot map (a Conv, an unknown operator, a 3-D input), or for malformed or truncated bytes;
   * TypeError for bytes that are not a Uint8Array/ArrayBuffer. Nothing is half-loaded.
   */
  loadONNX(bytes: Uint8Array | ArrayBuffer): Network {
    const { spec, layers } = trainingFor('loadONNX').readOnnx(bytes, this.activations, this.limits);
    const rename = (e: unknown) => {
      if (e instanceof Error) e.message = e.message.replace(/^network(\.setWeights)?: (layers: )?/, 'loadONNX: ');
      return e;
    };
    let net: Network;
    try {
      net = this.network(spec);
    } catch (e) {
      throw rename(e);
    }
    try {
      net.setWeights(layers);
    } catch (e) {
      net.dispose();
      throw rename(e);
    }
    return net;
  }
}

/**
 * @internal An Engine on a freshly loaded module, with the training methods working only once training.ts
 * is installed. createEngine (create.ts) is the public way; the components' page engine uses this.
 */
export async function loadEngine(options?: EngineOptions): Promise<Engine> {
  return new Engine(await loadModule(options));
}
