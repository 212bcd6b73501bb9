// Types of the raw Embind module (web/src/engine/wasm/engine.mjs, built by CMake). Raw names start
// with `_`; only the wrappers in this folder call them.
import type { ActivationInfo, ActivationProperties, SoftmaxInfo } from './activations.js';

/** The raw Embind module (internal: only the wrappers in this folder use it; not exported by index.ts). */
export interface RawModule {
  _catalogue(): ActivationInfo[];
  _softmaxInfo(): SoftmaxInfo;
  _simdEnabled(): boolean;
  _forwardPtr(act: number, alpha: number, beta: number, theta: number, threshold: number, x: number, y: number, n: number): void;
  _derivativePtr(act: number, alpha: number, beta: number, theta: number, threshold: number, x: number, d: number, n: number): void;
  _forwardDerivativePtr(act: number, alpha: number, beta: number, theta: number, threshold: number, x: number, y: number, d: number, n: number): void;
  _paramDerivativePtr(act: number, param: number, alpha: number, beta: number, theta: number, threshold: number, x: number, out: number, n: number): void;
  _properties(act: number, alpha: number, beta: number, theta: number, threshold: number): ActivationProperties;
  _defineActivation(name: string, formula: string, label: string,
                    params: Array<{ name: string; default: number; min: number; max: number; learnable: boolean }>):
    (ActivationInfo & { index: number; expression: string }) | RawFormulaError;
  _formulaPreview(formula: string, params: string[]): { formula: string; derivativeFormula: string } | RawFormulaError;
  // Formula activations: eight parameter slots (p0..p7) in place of the catalogue's four fields.
  _formulaForwardPtr(act: number, ...slotsAndPtrs: number[]): void;
  _formulaDerivativePtr(act: number, ...slotsAndPtrs: number[]): void;
  _formulaForwardDerivativePtr(act: number, ...slotsAndPtrs: number[]): void;
  _formulaParamDerivativePtr(act: number, param: number, ...slotsAndPtrs: number[]): void;
  _formulaProperties(act: number, ...slots: number[]): ActivationProperties;
  _softmaxPtr(x: number, y: number, n: number): void;
  _softmaxJvpPtr(y: number, v: number, out: number, n: number): void;
  _memoryStats(): { allocatedBytes: number; mallocArenaBytes: number };
  _dataset(name: string, n: number, noise: number, seed: number, classes: number): RawDataset;
  _mlpCreate(spec: RawSpecArgs, output: RawLayerArgs, hidden: RawLayerArgs[]): RawMlp;
  /** The core's limits (cpp/include/ap/mlp.h, dataset.h). */
  _limits(): {
    maxHiddenLayers: number; maxInputs: number; maxUnits: number; maxEpochs: number; maxBatchSize: number;
    maxGridSide: number; maxDatasetPoints: number; maxClasses: number; maxHeapBytes: number;
  };
  /** Test flags (a copy) of ap::hold_out; arguments checked by dataset.ts. */
  _holdOut(n: number, testRatio: number, seed: number): Uint8Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  /** The wasm (shadow) stack pointer, and setting it back (see stack.ts). */
  stackSave(): number;
  stackRestore(sp: number): void;
  /** The Embind class of RawMlp handles (its prototype holds the bound methods). */
  Mlp: { prototype: object };
  HEAPU8: Uint8Array;
  HEAPF32: Float32Array;
  [key: string]: unknown;
}

/** A formula error as the bindings return it (the TS layer throws it). */
export interface RawFormulaError {
  error: 'SyntaxError' | 'RangeError';
  message: string;
  column: number;
}

/** What the Emscripten factory accepts (see load.ts). */
export interface ModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
  /** Instantiates the module itself and hands the instance to `receive`; returns {} (the exports come later). */
  instantiateWasm?: (imports: WebAssembly.Imports,
                     receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => object;
}

/** engine._dataset(): typed arrays are copies. */
export interface RawDataset {
  x: Float32Array;
  y: Float32Array;
  n: number;
  classes: number;
}

/** One layer of a normalised spec as _mlpCreate takes it (cpp/bindings/mlp.cc LayerArgs); NaN
 *  parameters mean the catalogue's default. */
export interface RawLayerArgs {
  units: number;
  activation: string;
  learnable: string;
  alpha: number;
  beta: number;
  theta: number;
  threshold: number;
  /** A formula activation's parameter slots (8 values, NaN = default). */
  formula: number[];
}

/** The rest of a normalised spec for _mlpCreate (SpecArgs); features comma-separated (empty with
 *  inputs), inputs 0 for the features form. */
export interface RawSpecArgs {
  features: string;
  inputs: number;
  loss: string;
  optimizer: string;
  regularization: string;
  init: string;
  learningRate: number;
  momentum: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  regularizationRate: number;
  seed: number;
}

/** Where one layer's parameters sit in the flat parameter vector (offsets in floats). */
export interface RawLayout {
  inputs: number;
  units: number;
  w: number;
  b: number;
  p: number;
  np: number;
}

/** The Embind Mlp handle (cpp/bindings/mlp.cc). Pointers are byte addresses on the wasm heap;
 *  Float32Array results are views of a scratch buffer, valid until the next call: copy them. */
export interface RawMlp {
  fit(x: number, y: number, n: number, epochs: number, batch: number, shuffle: boolean): { loss: number; epoch: number };
  evaluate(x: number, y: number, n: number): { loss: number; accuracy: number };
  predict(x: number, n: number): Float32Array;
  predictGrid(x0: number, x1: number, y0: number, y1: number, w: number, h: number): Float32Array;
  layerOutputs(layer: number, x: number, n: number): Float32Array;
  layerOutputsGrid(layer: number, x0: number, x1: number, y0: number, y1: number, w: number, h: number): Float32Array;
  gradients(x: number, y: number, n: number): Float32Array;
  /** Copies; paramGrad and paramStep are empty without a learnable parameter, derivative for softmax. */
  trace(x: number, y: number): {
    loss: number;
    features: Float32Array;
    layers: Array<Record<'z' | 'a' | 'derivative' | 'delta' | 'weightGrad' | 'biasGrad' | 'paramGrad' | 'weightStep' | 'biasStep' | 'paramStep', Float32Array>>;
  };
  step(x: number, y: number): number;
  parameters(): Float32Array;
  setParameters(ptr: number, count: number): void;
  /** inputs, units, w, b, p, np of each layer in turn (see RawLayout). */
  layout(): Float64Array;
  gradientNorms(): Float32Array;
  deadUnits(x: number, n: number): number[];
  linearMap(): { weights: Float32Array; biases: Float32Array };
  setLearningRate(lr: number): void;
  optimizerState(): { m: Float32Array; v: Float32Array; steps: number; epoch: number };
  setOptimizerState(m: number, v: number, count: number, steps: number, epoch: number): void;
  rngState(): number[];
  setRng(sh: number, sl: number, ih: number, il: number): void;
  epoch(): number;
  delete(): void;
}
