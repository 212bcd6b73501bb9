// engine.featureGrid(): the 2-D form's input features over a grid, computed by the core exactly as a
// network computes them for predictGrid (a network with those features and no hidden layer, read at
// its 'features' layer), so a drawing of x1², sin(x2), ... shows what the network is fed.
import { checkOneOf, describe } from './errors.js';
import type { ActivationRegistry } from './formula.js';
import { limitsOf } from './limits.js';
import { checkGrid, type Feature, FEATURES, type GridSpec, makeNetwork } from './network.js';
import type { RawModule } from './raw.js';

export function featureGrid(raw: RawModule, registry: ActivationRegistry, grid: unknown, features: unknown = FEATURES): Float32Array {
  const fn = 'featureGrid';
  const g: GridSpec = checkGrid(grid, fn, limitsOf(raw).maxGridSide);
  if (!Array.isArray(features) || features.length === 0)
    throw new TypeError(`${fn}: features must be a non-empty array of feature names, got ${describe(features)}`);
  const names = features.map((f, i) => checkOneOf(f, `${fn}: features[${i}]`, FEATURES) as Feature);
  const net = makeNetwork(raw, registry, { features: names, layers: [], output: { units: 1, activation: 'identity' } });
  try {
    return net.layerOutputsGrid('features', g);
  } catch (e) {
    // The heap-size check of layerOutputsGrid: say which call the user made.
    if (e instanceof Error) e.message = e.message.replace(/^network\.layerOutputsGrid:/, `${fn}:`);
    throw e;
  } finally {
    net.dispose();
  }
}
