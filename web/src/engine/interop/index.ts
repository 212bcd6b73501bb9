// net.export(format) and engine.loadONNX(bytes): the network's ways out and in. These read toJSON()
// and write bytes or text (and the importer builds through the public engine API); none reach into WASM.
import { checkOneOf } from '../errors.js';
import type { ActivationInfo } from '../activations.js';
import type { NetworkJSON, NormalizedLayerSpec } from '../network.js';
import { toJsModule } from './js-module.js';
import { toOnnx } from './onnx-export.js';
import { type SelfCheck, toPytorch } from './pytorch.js';

/** What net.export() writes: 'onnx' (Uint8Array), 'pytorch' (a .py file), 'js' (an ES module). */
export type { SelfCheck } from './pytorch.js';
export type ExportFormat = 'onnx' | 'pytorch' | 'js';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['onnx', 'pytorch', 'js'];

/** The network's toJSON() with every layer's parameters filled in from the catalogue's defaults. */
function withDefaults(json: NetworkJSON, catalogue: readonly ActivationInfo[]): NetworkJSON {
  const fill = (l: NormalizedLayerSpec): NormalizedLayerSpec => {
    const info = catalogue.find((a) => a.name === (l.activation === 'linear' ? 'identity' : l.activation));
    const defaults = Object.fromEntries(Object.entries(info?.params ?? {}).map(([k, p]) => [k, p.default]));
    return { ...l, params: { ...defaults, ...l.params } };
  };
  return { ...json, spec: { ...json.spec, layers: json.spec.layers.map(fill), output: fill(json.spec.output) } };
}

/** net.export(format): the bytes or text of the network in that format. */
export function exportNetwork(json: NetworkJSON, format: unknown, catalogue: readonly ActivationInfo[],
                              check: () => SelfCheck): Uint8Array | string {
  const f = checkOneOf(format, 'network.export: format', EXPORT_FORMATS);
  const full = withDefaults(json, catalogue);
  if (f === 'onnx') return toOnnx(full, json.spec, catalogue);
  if (f === 'js') return toJsModule(full, catalogue);
  return toPytorch(full, check(), catalogue);
}
