// The train worker's message protocol: what the page sends (Request), what the worker answers
// (Message), the data they carry, and the list of buffers each message transfers. Types and three pure
// helpers only; TrainerCore (trainer-core.ts) answers the requests, TrainWorker (worker.ts) sends them.
import type { DatasetName } from './dataset.js';
import type { ActivationDefinition } from './formula.js';
import type { ExportFormat } from './interop/index.js';
import type { Feature, GridSpec, LayerWeights, NetworkSpec, NormalizedSpec } from './network.js';
import {
  type Confusion, type ExampleSnapshot, type StopCondition, type StopReached, traceBuffers, weightBuffers,
} from './worker-explain.js';

export type { Confusion, ExampleSnapshot, StopCondition, StopReached } from './worker-explain.js';

/**
 * Labelled points in the plane: `x` holds n (x1, x2) pairs row-major, `y` the class of each point
 * (0/1, or a class index) or, when `classes` is 0 (regression), its real-valued target; `test` marks
 * the points held out for testing (1) from those trained on (0).
 */
export interface Points {
  x: Float32Array;
  y: Float32Array;
  test: Uint8Array;
  classes: number;
}

/** A generated data set: `testRatio` of the n points (chosen with `seed`) are held out for testing. */
export interface GenerateSpec {
  dataset: DatasetName;
  n: number;
  noise: number;
  seed: number;
  classes?: number;
  testRatio: number;
}

/** The grids a snapshot samples: the square [extent[0], extent[1]]² at `size`² (boundary) and `neuronSize`². */
export interface SnapshotGrid {
  extent: [number, number];
  size: number;
  neuronSize: number;
}

/** Settings that change training without rebuilding the network. */
export interface TrainSettings {
  learningRate?: number;
  batchSize?: number;
  /** Epochs trained between two snapshots while running (the speed control). */
  epochsPerTick?: number;
  regularizationRate?: number;
  /** When training stops by itself (null clears it); see {@link Snapshot.stopped}. */
  stop?: StopCondition | null;
}

/** Everything the worker needs to build a network and train it. */
export interface TrainConfig {
  network: NetworkSpec;
  /** Formula activations the network uses, defined in the worker's engine first (engine.defineActivation). */
  activations?: ActivationDefinition[];
  /** Either points to use as they are, or a data set to generate. */
  data: { points: Points } | { generate: GenerateSpec };
  batchSize: number;
  epochsPerTick?: number;
  grid?: Partial<SnapshotGrid>;
  stop?: StopCondition | null;
}

/** Loss and accuracy history since `from` (the index of the first entry in the whole history). */
export interface History {
  from: number;
  epoch: Float64Array;
  trainLoss: Float64Array;
  testLoss: Float64Array;
  trainAccuracy: Float64Array;
  testAccuracy: Float64Array;
}

/** What the views draw: sent after every tick while running and in reply to step/reset/snapshot. */
export interface Snapshot {
  /** Increases on configure, reset and import; snapshots of an older generation are stale. */
  generation: number;
  epoch: number;
  trainLoss: number;
  testLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
  /** True once the loss or a weight became NaN or ±Infinity; the worker pauses until a reset. */
  diverged: boolean;
  running: boolean;
  history: History;
  /**
   * The network's output over the boundary grid: size² points on the square extent² (ends included),
   * row 0 at the top (x2 = extent[1]),
   * `channels` values per point (1 for a sigmoid output: P(class 1); k for softmax).
   */
  boundary: { size: number; extent: [number, number]; channels: number; values: Float32Array };
  /**
   * Every neuron's output over the neuron grid (neuronSize² points, same orientation): layer 0 is the
   * input features, then each hidden layer, then the output layer; each holds units × neuronSize² values.
   */
  neurons: { size: number; layers: Float32Array[] };
  weights: LayerWeights[];
  /** The selected example's trace (see the `select` request), or null. */
  example: ExampleSnapshot | null;
  /** Confusion matrices of the training and test points; null for regression. */
  confusion: Confusion | null;
  /** Set when a stop condition paused training (until the next start, configure or reset). */
  stopped: StopReached | null;
}

/** Requests the main thread sends; every one carries an id that its reply repeats. */
export type Request =
  | { id: number; type: 'configure'; config: TrainConfig }
  | { id: number; type: 'setPoints'; points: Points }
  | { id: number; type: 'set'; settings: TrainSettings }
  | { id: number; type: 'start' }
  | { id: number; type: 'pause' }
  | { id: number; type: 'frame' }
  | { id: number; type: 'step'; epochs: number }
  | { id: number; type: 'reset' }
  | { id: number; type: 'snapshot' }
  | { id: number; type: 'setWeight'; layer: number; unit: number; input: number; value: number }
  | { id: number; type: 'select'; index: number | null }
  | { id: number; type: 'stepExample' }
  | { id: number; type: 'exportNetwork'; format?: 'json' | ExportFormat }
  | { id: number; type: 'importNetwork'; json?: string; onnx?: Uint8Array }
  | { id: number; type: 'holdOut'; n: number; testRatio: number; seed: number }
  | { id: number; type: 'featureGrid'; grid: GridSpec; features?: Feature[] };
// On the wire each request and message also carries `session` (which TrainerCore of the worker it is
// for), and `{ type: 'close', session }` frees a session; worker-entry.ts handles both.

/** Messages the worker sends back: a reply to request `id`, an error for it, or a pushed snapshot. */
export type Message =
  | { type: 'reply'; id: number; result: ReplyResult }
  | { type: 'error'; id: number; name: string; message: string }
  | { type: 'snapshot'; snapshot: Snapshot };

/** The result of a request: points after configure, a snapshot, an exported network, or nothing. */
export interface ReplyResult {
  points?: Points;
  snapshot?: Snapshot;
  json?: string;
  /** After exportNetwork('pytorch' | 'js'): the file's text. */
  text?: string;
  /** After exportNetwork('onnx'): the model's bytes. */
  bytes?: Uint8Array;
  /** After importNetwork: the imported network's spec, every field filled in. */
  spec?: NormalizedSpec;
  /** After stepExample: the weights before the step (the snapshot has those after it). */
  before?: LayerWeights[];
  /** After holdOut: the test flags (engine.holdOut of the worker's engine). */
  test?: Uint8Array;
  /** After featureGrid: engine.featureGrid of the worker's engine. */
  featureGrid?: Float32Array;
}

/** A message and the buffers to transfer with it (postMessage's second argument). */
export interface Outgoing {
  message: Message;
  transfer: ArrayBuffer[];
}

/** A reply to request `id` and every buffer it owns, ready to post. */
export function reply(id: number, result: ReplyResult): Outgoing {
  const transfer: ArrayBuffer[] = [];
  if (result.snapshot) transfer.push(...transferList(result.snapshot));
  if (result.bytes) transfer.push(result.bytes.buffer as ArrayBuffer);
  if (result.before) transfer.push(...weightBuffers(result.before));
  if (result.test) transfer.push(result.test.buffer as ArrayBuffer);
  if (result.featureGrid) transfer.push(result.featureGrid.buffer as ArrayBuffer);
  if (result.points) transfer.push(result.points.x.buffer as ArrayBuffer, result.points.y.buffer as ArrayBuffer,
                                   result.points.test.buffer as ArrayBuffer);
  return { message: { type: 'reply', id, result }, transfer };
}

/** Every buffer a snapshot owns (each is a fresh copy, so transferring detaches nothing the worker keeps). */
export function transferList(s: Snapshot): ArrayBuffer[] {
  const h = s.history;
  const list = [h.epoch, h.trainLoss, h.testLoss, h.trainAccuracy, h.testAccuracy, s.boundary.values,
    ...s.neurons.layers].map((a) => a.buffer as ArrayBuffer);
  list.push(...weightBuffers(s.weights));
  if (s.example) list.push(...traceBuffers(s.example.trace));
  if (s.confusion) list.push(s.confusion.train.buffer as ArrayBuffer, s.confusion.test.buffer as ArrayBuffer);
  return [...new Set(list)];
}

/** A deep copy of points (typed arrays copied). */
export function copyPoints(p: Points): Points {
  return { x: p.x.slice(), y: p.y.slice(), test: p.test.slice(), classes: p.classes };
}
