// activation-playground: the public JS API. Re-exports only.
export { createEngine, Engine } from './engine.js';
export type { MemoryStats } from './engine.js';
export type { EngineOptions } from './load.js';
export { Activation } from './activations.js';
export type { ActivationInfo, ActivationParams } from './activations.js';
