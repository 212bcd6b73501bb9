// activation-playground: the public JS API. Re-exports only.
// Network, TrainerCore and TrainWorker declare [Symbol.dispose] (for `using`): this directive gives
// consumers the lib that types Symbol.dispose (TypeScript ≥ 5.2), whatever their own "lib" says.
/// <reference lib="esnext.disposable" preserve="true" />
export { createEngine } from './create.js';
export { Engine } from './engine.js';
export type { MemoryStats } from './engine.js';
export type { Batch } from './errors.js';
export type { EngineOptions } from './load.js';
export { compileEngine } from './compile.js';
export type { Limits } from './limits.js';
export { Activation } from './activations.js';
export type { ActivationInfo, ActivationParams, ActivationProperties, ParamInfo, SoftmaxInfo } from './activations.js';
export type { ActivationDefinition, FormulaExpression, FormulaParamSpec, FormulaPreview, FormulaSyntaxError } from './formula.js';
export { CsvError, parseCsv } from './csv.js';
export type { CsvData, CsvOptions, CsvProblem, CsvReason } from './csv.js';
export { REGRESSION_DATASETS, splitDataset } from './dataset.js';
export type { Dataset, DatasetName, DatasetOptions } from './dataset.js';
export { Network } from './network.js';
export type { ExportFormat } from './interop/index.js';
export type {
  Feature, FitOptions, GridSpec, InitName, LayerSpec, LayerTrace, LayerWeights, Learnable, LossName, NetworkJSON, NetworkSpec,
  NormalizedLayerSpec, NormalizedSpec, OptimizerName, OptimizerSpec, Trace,
} from './network.js';
export { createTrainWorker, TrainerCore, TrainWorker, transferList, WorkerUnavailableError } from './worker.js';
export type {
  Confusion, ExampleSnapshot, GenerateSpec, History, Message as WorkerMessage, Outgoing, Points, ReplyResult, Request as WorkerRequest, Snapshot,
  SnapshotGrid, StopCondition, StopReached, TrainConfig, TrainSettings, TrainWorkerOptions,
} from './worker.js';
