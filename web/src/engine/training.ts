// The engine's training half: networks (with their ONNX/PyTorch/JS export), data sets, hold-out splits,
// feature grids and ONNX import, as one table that engine.ts's training methods call. It is code of its
// own so that a page that only plots activations need not load it: createEngine (create.ts) installs it,
// and so do the components that train, before they use the page's engine (components/engine-context.ts).
import { holdOut, makeDataset } from './dataset.js';
import { installTraining } from './engine.js';
import { featureGrid } from './features.js';
import { readOnnx } from './interop/onnx-import.js';
import { loadNetwork, makeNetwork } from './network.js';

const TRAINING = { makeDataset, holdOut, featureGrid, makeNetwork, loadNetwork, readOnnx };

/** What engine.ts calls for engine.dataset, holdOut, featureGrid, network, loadNetwork and loadONNX. */
export type Training = typeof TRAINING;

/** Installs the training methods for every Engine (idempotent). */
export function useTraining(): void {
  installTraining(TRAINING);
}
