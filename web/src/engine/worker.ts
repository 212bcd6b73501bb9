// The worker helper: trains a network off the main thread. Three parts:
//  - the message protocol (types below), small and typed;
//  - TrainerCore, the pure protocol handler: it owns one network and its points and answers each request
//    with replies plus the list of ArrayBuffers to transfer. It has no Worker in it, so Node tests drive it
//    directly against the real engine;
//  - TrainWorker, the main-thread client: it starts worker-entry.js in a module Worker and turns the
//    protocol into promises plus a snapshot callback.
import type { DatasetName } from './dataset.js';
import type { Engine } from './engine.js';
import type { ActivationDefinition } from './formula.js';
import type { LayerWeights, Network, NetworkSpec, NormalizedSpec } from './network.js';
import { describe } from './errors.js';
import type { ExportFormat } from './interop/index.js';
import {
  checkStop, type Confusion, confusionCounts, type ExampleSnapshot, type StopCondition, type StopReached, stopReached,
  traceBuffers, weightBuffers,
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
  | { id: number; type: 'importNetwork'; json?: string; onnx?: Uint8Array };
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
}

/** A message and the buffers to transfer with it (postMessage's second argument). */
export interface Outgoing {
  message: Message;
  transfer: ArrayBuffer[];
}

const DEFAULT_GRID: SnapshotGrid = { extent: [-6, 6], size: 100, neuronSize: 32 };
/** Largest step(n) in one request: keeps a single request's work bounded. */
const MAX_STEP = 10000;

/** The worker trains and draws the 2-D playground: a network over n raw inputs has no plane to draw
 *  (and its points are not (x1, x2) pairs). Disposes it and says so. */
function planar(net: Network, what: string): Network {
  if (net.spec.inputs === undefined) return net;
  const n = net.spec.inputs;
  net.dispose();
  throw new RangeError(`${what}.inputs: the train worker is the 2-D playground only (points x1, x2, and features of them), ` +
                       `and this network takes ${n} numbers per point (inputs: ${n}); train it with engine.network directly`);
}

/**
 * The protocol handler, free of any Worker: `handle(request)` returns the messages to post; while running,
 * `tick()` trains one frame's epochs and returns the snapshot, once per `frame` request.
 */
export class TrainerCore {
  private net: Network | null = null;
  private spec: NetworkSpec | null = null;  // as given (configure) or as loaded (import)
  private points: Points | null = null;
  private split: { trainX: Float32Array; trainY: Float32Array; testX: Float32Array; testY: Float32Array } | null = null;
  private batchSize = 10;
  private epochsPerTick = 1;
  private grid: SnapshotGrid = { ...DEFAULT_GRID };
  private generation = 0;
  private diverged = false;
  private hist: number[][] = [[], [], [], [], []];
  private sent = 0;
  private last = { trainLoss: NaN, testLoss: NaN, trainAccuracy: NaN, testAccuracy: NaN };
  private frameWanted = true;
  private selected: number | null = null;
  private stop: StopCondition | null = null;
  private stopped: StopReached | null = null;
  /** True between start and pause (or divergence). */
  running = false;

  constructor(private readonly engine: Engine) {}

  /** Answers one request. Errors become `error` messages naming the request; the state is unchanged. */
  handle(req: Request): Outgoing[] {
    const id = typeof req?.id === 'number' ? req.id : -1;
    try {
      const result = this.dispatch(req);
      return [reply(id, result)];
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      return [{ message: { type: 'error', id, name: err.name, message: err.message }, transfer: [] }];
    }
  }

  /** True when a tick would do work: running, and the page has asked for the next frame. */
  get wantsTick(): boolean {
    return this.running && this.frameWanted && this.net !== null;
  }

  /**
   * One frame of training: `epochsPerTick` epochs, then the snapshot. Training is paced by the page's
   * frames (each snapshot waits for a `frame` request), so the speed setting means epochs per frame,
   * as TF Playground trains one epoch per animation frame, and a hidden page costs no CPU.
   */
  tick(): Outgoing[] {
    if (!this.wantsTick) return [];
    this.frameWanted = false;
    const limit = this.stop?.epoch;
    this.train(limit === undefined ? this.epochsPerTick : Math.min(this.epochsPerTick, Math.max(0, limit - this.net!.epoch)));
    this.stopped = stopReached(this.stop, { epoch: this.net!.epoch, ...this.last });
    if (this.stopped) this.running = false;
    const snapshot = this.snapshot();
    return [{ message: { type: 'snapshot', snapshot }, transfer: transferList(snapshot) }];
  }

  /** Frees the network. */
  dispose(): void {
    this.net?.dispose();
    this.net = null;
    this.running = false;
  }

  private dispatch(req: Request): ReplyResult {
    if (req === null || typeof req !== 'object') throw new TypeError('worker: request must be an object');
    switch (req.type) {
      case 'configure': return this.configure(req.config);
      case 'setPoints':
        this.setPoints(req.points);
        return { snapshot: this.snapshot() };
      case 'set':
        this.set(req.settings);
        return {};
      case 'start':
        this.need();
        if (this.diverged) throw new RangeError('start: the network diverged; reset it first');
        this.running = true;
        this.frameWanted = true;
        this.stopped = null;
        return {};
      case 'pause':
        this.running = false;
        return { snapshot: this.net ? this.snapshot() : undefined };
      case 'frame':
        this.frameWanted = true;
        return {};
      case 'step': {
        this.need();
        const n = req.epochs;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_STEP)
          throw new RangeError(`step: epochs must be an integer in [1, ${MAX_STEP}], got ${describe(n)}`);
        if (!this.diverged) this.train(n);
        return { snapshot: this.snapshot() };
      }
      case 'reset':
        this.need();
        this.rebuild(this.spec!);
        return { snapshot: this.snapshot() };
      case 'snapshot':
        this.need();
        return { snapshot: this.snapshot() };
      case 'setWeight': return { snapshot: this.setWeight(req.layer, req.unit, req.input, req.value) };
      case 'select': {
        this.need();
        const i = req.index;
        if (i !== null) checkIntIn(i, 'select: index (or null)', 0, this.points!.y.length - 1);
        this.selected = i;
        return { snapshot: this.snapshot() };
      }
      case 'stepExample': return this.stepExample();
      case 'exportNetwork': return this.exportNetwork(req.format ?? 'json');
      case 'importNetwork': return this.importNetwork(req.json, req.onnx);
      default:
        throw new RangeError('worker: request.type must be one of configure, setPoints, set, start, pause, frame, step, reset, ' +
                             `snapshot, setWeight, select, stepExample, exportNetwork, importNetwork; got ${describe((req as { type?: unknown }).type)}`);
    }
  }

  private configure(config: TrainConfig): ReplyResult {
    if (config === null || typeof config !== 'object') throw new TypeError('configure: config must be an object');
    const batchSize = checkBatch(config.batchSize, 'configure: batchSize');
    const epochsPerTick = config.epochsPerTick === undefined ? this.epochsPerTick
      : checkIntIn(config.epochsPerTick, 'configure: epochsPerTick', 1, 1000);
    const grid = checkGrid({ ...DEFAULT_GRID, ...(config.grid ?? {}) });
    const stop = config.stop === undefined ? this.stop : checkStop(config.stop, 'configure: stop');
    const data = config.data as { points?: Points; generate?: GenerateSpec };
    if (!data || typeof data !== 'object' || (!data.points && !data.generate))
      throw new TypeError('configure: data must be { points } or { generate }');
    const points = data.points ? checkPoints(data.points, 'configure: data.points') : this.generate(data.generate!);
    if (config.activations !== undefined && !Array.isArray(config.activations))
      throw new TypeError('configure: activations must be an array of definitions');
    for (const d of config.activations ?? []) this.engine.defineActivation(d);
    // Build before committing anything, so that a bad spec leaves the old network training.
    const net = planar(this.engine.network(config.network), 'configure: config.network');
    this.net?.dispose();
    this.net = net;
    this.spec = config.network;
    this.batchSize = batchSize;
    this.epochsPerTick = epochsPerTick;
    this.grid = grid;
    this.stop = stop;
    this.selected = null;
    this.usePoints(points);
    this.restart();
    const snapshot = this.snapshot();
    return { points: copyPoints(points), snapshot };
  }

  private generate(g: GenerateSpec): Points {
    if (g === null || typeof g !== 'object') throw new TypeError('configure: data.generate must be an object');
    if (typeof g.testRatio !== 'number' || !(g.testRatio >= 0 && g.testRatio < 1))
      throw new RangeError(`configure: data.generate.testRatio must be in [0, 1), got ${describe(g.testRatio)}`);
    const opts: { n: number; noise: number; seed: number; classes?: number } = { n: g.n, noise: g.noise, seed: g.seed };
    if (g.classes !== undefined) opts.classes = g.classes;
    const d = this.engine.dataset(g.dataset, opts);
    return { x: d.x, y: d.y, test: holdOut(d.n, g.testRatio, g.seed), classes: d.classes };
  }

  private setPoints(points: Points): void {
    this.need();
    const p = checkPoints(points, 'setPoints: points');
    if (p.classes !== this.points!.classes)
      throw new RangeError(`setPoints: points.classes must stay ${this.points!.classes}, got ${p.classes}`);
    this.usePoints(p);
    if (this.selected !== null && this.selected >= p.y.length) this.selected = null;
    this.measure();
  }

  private set(s: TrainSettings): void {
    if (s === null || typeof s !== 'object') throw new TypeError('set: settings must be an object');
    // Check everything first: a bad setting changes nothing.
    const batchSize = s.batchSize === undefined ? undefined : checkBatch(s.batchSize, 'set: batchSize');
    const ept = s.epochsPerTick === undefined ? undefined : checkIntIn(s.epochsPerTick, 'set: epochsPerTick', 1, 1000);
    const lr = s.learningRate === undefined ? undefined : checkPositive(s.learningRate, 'set: learningRate');
    const reg = s.regularizationRate === undefined ? undefined : checkNonNegative(s.regularizationRate, 'set: regularizationRate');
    const stop = s.stop === undefined ? undefined : checkStop(s.stop, 'set: stop');
    if ((lr !== undefined || reg !== undefined) && !this.net) throw new RangeError('set: configure the worker first');
    // The network's own checks (its ranges) may still refuse a value: build the changed network aside
    // and swap it in only when every change went through.
    if (lr !== undefined || reg !== undefined) {
      const next = reg === undefined ? null : this.withRegularizationRate(reg);
      try {
        if (lr !== undefined) (next ?? this.net!).setLearningRate(lr);
      } catch (e) {
        next?.dispose();
        throw e;
      }
      if (next) {
        this.net!.dispose();
        this.net = next;
      }
      this.spec = this.net!.spec;
    }
    if (batchSize !== undefined) this.batchSize = batchSize;
    if (ept !== undefined) this.epochsPerTick = ept;
    if (stop !== undefined) this.stop = stop;
  }

  /** One optimizer step on the selected example (net.step); the reply holds the weights before it. */
  private stepExample(): ReplyResult {
    this.need();
    if (this.selected === null) throw new RangeError('stepExample: select an example first (select request)');
    if (this.diverged) throw new RangeError('stepExample: the network diverged; reset it first');
    const before = this.net!.getWeights();
    const i = this.selected, p = this.points!;
    this.net!.step(p.x.subarray(2 * i, 2 * i + 2), p.y[i]);
    this.measure();
    return { before, snapshot: this.snapshot() };
  }

  /**
   * A copy of the live network with another regularization rate, keeping weights, optimizer moments, epoch
   * and RNG state: the network has no setter for it, so this goes through its JSON (toJSON → edit → loadNetwork).
   */
  private withRegularizationRate(rate: number): Network {
    const json = this.net!.toJSON();
    const kind = json.spec.regularization.kind === 'none' ? (rate > 0 ? 'l2' : 'none') : json.spec.regularization.kind;
    json.spec.regularization = { kind, rate };
    return this.engine.loadNetwork(json);
  }

  private setWeight(layer: number, unit: number, input: number, value: number): Snapshot {
    this.need();
    const w = this.net!.getWeights();
    checkIntIn(layer, 'setWeight: layer', 0, w.length - 1);
    const units = w[layer].biases.length;
    const inputs = w[layer].weights.length / units;
    checkIntIn(unit, 'setWeight: unit', 0, units - 1);
    checkIntIn(input, 'setWeight: input (-1 for the bias)', -1, inputs - 1);
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new RangeError(`setWeight: value must be a finite number, got ${describe(value)}`);
    if (input < 0) w[layer].biases[unit] = value;
    else w[layer].weights[unit * inputs + input] = value;
    this.net!.setWeights(w);
    this.diverged = false;
    this.measure();
    return this.snapshot();
  }

  private exportNetwork(format: unknown): ReplyResult {
    this.need();
    if (format === 'json') return { json: JSON.stringify(this.net!.toJSON()) };
    const out = this.net!.export(format as ExportFormat);
    return typeof out === 'string' ? { text: out } : { bytes: out };
  }

  /** Replaces the network by one from JSON text or ONNX bytes (engine.loadONNX). */
  private importNetwork(json: unknown, onnx: unknown): ReplyResult {
    this.need();
    let net: Network;
    if (onnx !== undefined) {
      net = this.engine.loadONNX(onnx as Uint8Array);
    } else {
      if (typeof json !== 'string') throw new TypeError('importNetwork: json must be a string');
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch (e) {
        throw new TypeError(`importNetwork: json is not valid JSON (${(e as Error).message})`);
      }
      net = this.engine.loadNetwork(parsed as object);
    }
    net = planar(net, onnx !== undefined ? 'importNetwork: onnx' : 'importNetwork: json.spec');
    const classes = this.points!.classes;
    if (net.spec.output.units !== classes && !(net.spec.output.units === 1 && (classes === 2 || classes === 0))) {
      const units = net.spec.output.units;
      net.dispose();
      throw new RangeError(`importNetwork: the network has ${units} output units but the data has ${this.points!.classes} classes`);
    }
    const spec = net.spec;
    this.net!.dispose();
    this.net = net;
    this.spec = spec;
    this.restart();
    return { spec, snapshot: this.snapshot() };
  }

  private need(): void {
    if (!this.net || !this.points) throw new RangeError('worker: send configure first');
  }

  private rebuild(spec: NetworkSpec): void {
    const net = this.engine.network(spec);
    this.net?.dispose();
    this.net = net;
    this.restart();
  }

  /** New generation: empty history, not running, divergence cleared; measures the starting loss. */
  private restart(): void {
    this.generation++;
    this.hist = [[], [], [], [], []];
    this.sent = 0;
    this.diverged = false;
    this.running = false;
    this.stopped = null;
    this.measure();
  }

  private usePoints(p: Points): void {
    let nTest = 0;
    for (let i = 0; i < p.test.length; i++) nTest += p.test[i] ? 1 : 0;
    const nTrain = p.y.length - nTest;
    const split = { trainX: new Float32Array(nTrain * 2), trainY: new Float32Array(nTrain),
                    testX: new Float32Array(nTest * 2), testY: new Float32Array(nTest) };
    for (let i = 0, a = 0, b = 0; i < p.y.length; i++) {
      if (p.test[i]) {
        split.testX[2 * b] = p.x[2 * i]; split.testX[2 * b + 1] = p.x[2 * i + 1]; split.testY[b++] = p.y[i];
      } else {
        split.trainX[2 * a] = p.x[2 * i]; split.trainX[2 * a + 1] = p.x[2 * i + 1]; split.trainY[a++] = p.y[i];
      }
    }
    this.points = copyPoints(p);
    this.split = split;
  }

  private train(epochs: number): void {
    const s = this.split!;
    if (s.trainY.length > 0 && !this.diverged) {
      const r = this.net!.fit(s.trainX, s.trainY, { epochs, batchSize: Math.min(this.batchSize, s.trainY.length), shuffle: true });
      if (!Number.isFinite(r.loss)) this.diverged = true;
    }
    this.measure();
  }

  /** Evaluates train and test loss/accuracy, records them, and detects divergence (NaN/Inf loss or weights). */
  private measure(): void {
    const s = this.split!;
    const tr = s.trainY.length ? this.net!.evaluate(s.trainX, s.trainY) : { loss: NaN, accuracy: NaN };
    const te = s.testY.length ? this.net!.evaluate(s.testX, s.testY) : { loss: NaN, accuracy: NaN };
    // Regression has losses only: an "accuracy" of real-valued outputs would be a number nothing measured.
    const acc = (r: { accuracy: number }) => (this.points!.classes === 0 ? NaN : r.accuracy);
    this.last = { trainLoss: tr.loss, testLoss: te.loss, trainAccuracy: acc(tr), testAccuracy: acc(te) };
    if (s.trainY.length && !Number.isFinite(tr.loss)) this.diverged = true;
    if (!this.diverged && !this.net!.getWeights().every((l) => allFinite(l.weights) && allFinite(l.biases)))
      this.diverged = true;
    if (this.diverged) this.running = false;
    const h = this.hist;
    h[0].push(this.net!.epoch); h[1].push(tr.loss); h[2].push(te.loss); h[3].push(this.last.trainAccuracy); h[4].push(this.last.testAccuracy);
  }

  private snapshot(): Snapshot {
    const net = this.net!;
    const g = this.grid;
    const [lo, hi] = g.extent;
    const values = net.predictGrid({ x: [lo, hi], y: [lo, hi], width: g.size, height: g.size });
    const from = this.sent;
    const h = this.hist;
    this.sent = h[0].length;
    const slice = (k: number) => Float64Array.from(h[k].slice(from));
    const ng = { x: [lo, hi] as [number, number], y: [lo, hi] as [number, number], width: g.neuronSize, height: g.neuronSize };
    const layers = [net.layerOutputsGrid('features', ng)];
    for (let l = 0; l <= net.spec.layers.length; l++) layers.push(net.layerOutputsGrid(l, ng));
    return {
      generation: this.generation,
      epoch: net.epoch,
      ...this.last,
      diverged: this.diverged,
      running: this.running,
      history: { from, epoch: slice(0), trainLoss: slice(1), testLoss: slice(2), trainAccuracy: slice(3), testAccuracy: slice(4) },
      boundary: { size: g.size, extent: [lo, hi], channels: Math.max(1, Math.round(values.length / (g.size * g.size))), values },
      neurons: { size: g.neuronSize, layers },
      weights: net.getWeights(),
      example: this.example(),
      confusion: this.confusion(),
      stopped: this.stopped,
    };
  }

  private example(): ExampleSnapshot | null {
    const i = this.selected, p = this.points!;
    if (i === null) return null;
    const point: [number, number] = [p.x[2 * i], p.x[2 * i + 1]];
    return { index: i, point, target: p.y[i], trace: this.net!.trace(point, p.y[i]) };
  }

  private confusion(): Confusion | null {
    const s = this.split!, k = this.points!.classes;
    if (k === 0) return null;
    return { classes: k, train: confusionCounts(this.net!, s.trainX, s.trainY, k), test: confusionCounts(this.net!, s.testX, s.testY, k) };
  }
}

// ------------------------------------------------------------------------------------------------
// Main-thread client

/** Options of {@link createTrainWorker}. */
export interface TrainWorkerOptions {
  /** Where engine.wasm lives, if a bundler moved it (passed to createEngine inside the worker). */
  wasmUrl?: string | URL;
  /**
   * engine.wasm compiled already (compileEngine; the page's own): posted to the worker, which then
   * fetches nothing. Not with wasmUrl.
   */
  wasmModule?: WebAssembly.Module;
  /** A worker already running worker-entry.js (for bundlers that need to start it themselves). */
  worker?: Worker;
  /**
   * Share one Worker (and its engine) with the page's other shared sessions of the same wasmUrl, each
   * with its own network (default false: a Worker of its own). Shared sessions take turns in one
   * thread, so a long step() of one delays the others' frames; <ap-playground> elements share.
   */
  shared?: boolean;
}

/** A message as it crosses the worker boundary: the protocol message plus the session it belongs to. */
type Wire = (Message | { type: 'ready'; activations?: string[] } | { type: 'fatal'; message: string }) & { session?: number };

/**
 * One Worker and the sessions (TrainWorkers) that use it: one session for a Worker of its own, or all
 * shared sessions of a wasmUrl (several <ap-playground> elements: one worker, one engine, a network each).
 */
class Channel {
  readonly sessions = new Map<number, TrainWorker>();
  readonly ready: Promise<string[]>;
  private nextSession = 1;

  constructor(readonly worker: Worker, engine: { wasmUrl?: string; wasmModule?: WebAssembly.Module },
              private readonly onEmpty: () => void) {
    let started = false;
    this.ready = new Promise<string[]>((ok, fail) => {
      worker.onmessage = (e: MessageEvent<Wire>) => {
        const m = e.data;
        if (m?.type === 'ready') { started = true; ok(m.activations ?? []); }
        else if (m?.type === 'fatal') { fail(new Error(m.message)); this.failAll(new Error(m.message)); }
        else if (m) this.sessions.get(m.session ?? 0)?.receive(m);
      };
      worker.onerror = (e) => {
        // Before the worker's first message, an error event without a message (not an ErrorEvent from a
        // script that threw) means its script never ran: the page forbids workers (CSP worker-src) or the
        // file is missing. Browsers report that asynchronously rather than from the Worker constructor.
        const scriptError = typeof ErrorEvent === 'function' && e instanceof ErrorEvent && !!e.message;
        const err = !started && !scriptError
          ? new WorkerUnavailableError('createTrainWorker: the worker script could not be started (a Content-Security-Policy ' +
                                       'without worker-src, or worker-entry.js is missing next to the package)')
          : new Error(`createTrainWorker: ${e.message || 'the worker failed'}`);
        fail(err);
        this.failAll(err);
      };
    });
    worker.postMessage({ type: 'init', ...engine });
  }

  open(activations: string[]): TrainWorker {
    const session = this.nextSession++;
    const w = new TrainWorker(this, session, activations);
    this.sessions.set(session, w);
    return w;
  }

  close(session: number): void {
    if (!this.sessions.delete(session)) return;
    this.worker.postMessage({ type: 'close', session, id: 0 });
    if (this.sessions.size === 0) {
      this.worker.terminate();
      this.onEmpty();
    }
  }

  private failAll(e: Error): void {
    for (const w of this.sessions.values()) w.failAll(e);
  }
}

/** The shared channels, by wasmUrl ('' for the default) or by wasmModule (a number each). */
const channels = new Map<string, Channel>();
const moduleKeys = new WeakMap<WebAssembly.Module, string>();
let modulesSeen = 0;

/**
 * A network training in a Web Worker. Requests return promises; while running, the worker trains one
 * frame's epochs and pushes the snapshot to `onSnapshot`, then waits for `frame()` (flow control: at
 * most one snapshot in flight, so a slow page never builds a queue). Shared TrainWorkers of a page use
 * one Worker (and one engine), each with its own network.
 */
export class TrainWorker {
  /** Called with every pushed snapshot (while running). */
  onSnapshot: ((s: Snapshot) => void) | null = null;
  /** The activation names of the worker's engine catalogue. */
  readonly activations: readonly string[];
  private nextId = 1;
  private pending = new Map<number, { ok: (r: ReplyResult) => void; fail: (e: Error) => void }>();
  private closed = false;

  /** @internal Use {@link createTrainWorker}. */
  constructor(private readonly channel: Channel, private readonly session: number, activations: readonly string[] = []) {
    this.activations = Object.freeze([...activations]);
  }

  /** Builds the network and the points (generated or given); resolves to the points and the first snapshot. */
  configure(config: TrainConfig): Promise<ReplyResult> { return this.send({ type: 'configure', config }); }
  /** Replaces the points (after clicks or a CSV import) and keeps the network's weights. */
  setPoints(points: Points): Promise<ReplyResult> { return this.send({ type: 'setPoints', points }); }
  /** Changes learning rate, batch size, speed or regularization rate without resetting. */
  set(settings: TrainSettings): Promise<ReplyResult> { return this.send({ type: 'set', settings }); }
  /** Starts training; snapshots then arrive through `onSnapshot`. */
  start(): Promise<ReplyResult> { return this.send({ type: 'start' }); }
  /** Stops training; resolves with the current snapshot. */
  pause(): Promise<ReplyResult> { return this.send({ type: 'pause' }); }
  /** Tells the worker the page drew the last snapshot and wants the next one. */
  frame(): void { void this.send({ type: 'frame' }).catch(() => {}); }
  /** Trains `epochs` epochs and resolves with the snapshot after them. */
  step(epochs = 1): Promise<ReplyResult> { return this.send({ type: 'step', epochs }); }
  /** New weights from the spec's seed: epoch 0, history cleared, divergence cleared. */
  reset(): Promise<ReplyResult> { return this.send({ type: 'reset' }); }
  /** The current snapshot, without training. */
  snapshot(): Promise<ReplyResult> { return this.send({ type: 'snapshot' }); }
  /** Sets one weight (input = -1: the bias) of unit `unit` in layer `layer` (0 = first hidden layer). */
  setWeight(layer: number, unit: number, input: number, value: number): Promise<ReplyResult> {
    return this.send({ type: 'setWeight', layer, unit, input, value });
  }
  /** Selects the example (an index into the points, or null) whose trace every snapshot then carries. */
  select(index: number | null): Promise<ReplyResult> { return this.send({ type: 'select', index }); }
  /** One optimizer step on the selected example; resolves with the weights before it and the snapshot after. */
  stepExample(): Promise<ReplyResult> { return this.send({ type: 'stepExample' }); }
  /** The network as JSON text (net.toJSON(), `json`), or net.export(format): `bytes` for 'onnx', `text` otherwise. */
  exportNetwork(format: 'json' | ExportFormat = 'json'): Promise<ReplyResult> { return this.send({ type: 'exportNetwork', format }); }
  /** Replaces the network by one exported earlier; resolves with its spec and a snapshot. */
  importNetwork(json: string): Promise<ReplyResult> { return this.send({ type: 'importNetwork', json }); }
  /** Replaces the network by an ONNX model (engine.loadONNX); resolves with its spec and a snapshot. */
  importOnnx(bytes: Uint8Array): Promise<ReplyResult> { return this.send({ type: 'importNetwork', onnx: bytes }); }

  /** Frees this session's network; the Worker stops when its last session is closed. Pending requests reject. */
  terminate(): void {
    if (this.closed) return;
    this.closed = true;
    this.channel.close(this.session);
    this.failAll(new Error('worker: terminated'));
  }

  private send(body: DistributiveOmit<Request, 'id'>): Promise<ReplyResult> {
    if (this.closed) return Promise.reject(new Error('worker: terminated'));
    const id = this.nextId++;
    return new Promise((ok, fail) => {
      this.pending.set(id, { ok, fail });
      this.channel.worker.postMessage({ ...body, id, session: this.session });
    });
  }

  /** @internal A message of this session from the worker. */
  receive(m: Wire): void {
    if (m.type === 'snapshot') this.onSnapshot?.(m.snapshot);
    else if (m.type === 'reply' || m.type === 'error') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.type === 'reply') p.ok(m.result);
      else p.fail(m.name === 'RangeError' ? new RangeError(m.message) : m.name === 'TypeError' ? new TypeError(m.message) : new Error(m.message));
    }
  }

  /** @internal */
  failAll(e: Error): void {
    for (const p of this.pending.values()) p.fail(e);
    this.pending.clear();
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/**
 * createTrainWorker's rejection where no Worker can start: a runtime without Worker (Node: use
 * TrainerCore there) or a Worker constructor that throws (a page whose CSP forbids workers). `cause`
 * holds the runtime's own error, if any. Other failures (a worker that starts and then fails, an
 * engine that does not load) are plain Errors.
 */
export class WorkerUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkerUnavailableError';
  }
}

function startWorker(): Worker {
  if (typeof Worker !== 'function')
    throw new WorkerUnavailableError('createTrainWorker: this runtime has no Worker (in Node, use TrainerCore)');
  try {
    return new Worker(new URL('./worker-entry.js', import.meta.url), { type: 'module' });
  } catch (cause) {
    throw new WorkerUnavailableError('createTrainWorker: cannot start a Worker here', { cause });
  }
}

/**
 * A training session in a Web Worker (worker-entry.js as a module Worker, which Vite and other bundlers
 * follow), resolved once the worker's engine is loaded. By default each session has a Worker of its
 * own; with `shared: true` sessions of the same `wasmUrl` share one Worker and one engine.
 */
export async function createTrainWorker(options: TrainWorkerOptions = {}): Promise<TrainWorker> {
  if (options === null || typeof options !== 'object') throw new TypeError('createTrainWorker: options must be an object');
  const wasmUrl = options.wasmUrl === undefined ? undefined : String(options.wasmUrl);
  const wasmModule = options.wasmModule;
  if (wasmModule !== undefined && !(wasmModule instanceof WebAssembly.Module))
    throw new TypeError(`createTrainWorker: options.wasmModule must be a WebAssembly.Module, got ${describe(wasmModule)}`);
  if (wasmModule && wasmUrl !== undefined) throw new TypeError('createTrainWorker: options must give wasmUrl or wasmModule, not both');
  const start = () => options.worker ?? startWorker();
  if (wasmModule && !moduleKeys.has(wasmModule)) moduleKeys.set(wasmModule, `module ${++modulesSeen}`);
  const key = wasmModule ? moduleKeys.get(wasmModule)! : wasmUrl ?? '';
  const shared = options.shared === true && !options.worker;
  let channel = shared ? channels.get(key) : undefined;
  if (!channel) {
    const created: Channel = new Channel(start(), { wasmUrl, wasmModule },
                                         () => { if (channels.get(key) === created) channels.delete(key); });
    if (shared) channels.set(key, created);
    channel = created;
  }
  let activations: string[];
  try {
    activations = await channel.ready;
  } catch (e) {
    // A worker that failed to start is dropped, so a later call can try again.
    if (channels.get(key) === channel) channels.delete(key);
    throw e;
  }
  return channel.open(activations);
}

// ------------------------------------------------------------------------------------------------
// Helpers

function reply(id: number, result: ReplyResult): Outgoing {
  const transfer: ArrayBuffer[] = [];
  if (result.snapshot) transfer.push(...transferList(result.snapshot));
  if (result.bytes) transfer.push(result.bytes.buffer as ArrayBuffer);
  if (result.before) transfer.push(...weightBuffers(result.before));
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

function copyPoints(p: Points): Points {
  return { x: p.x.slice(), y: p.y.slice(), test: p.test.slice(), classes: p.classes };
}

function checkPoints(p: Points, what: string): Points {
  if (p === null || typeof p !== 'object') throw new TypeError(`${what} must be an object { x, y, test, classes }`);
  if (!(p.x instanceof Float32Array) || !(p.y instanceof Float32Array) || !(p.test instanceof Uint8Array))
    throw new TypeError(`${what}: x and y must be Float32Arrays and test a Uint8Array`);
  if (p.x.length !== 2 * p.y.length || p.test.length !== p.y.length)
    throw new RangeError(`${what}: x must hold 2 values per point and test 1 (got ${p.x.length}, ${p.y.length}, ${p.test.length})`);
  if (p.classes !== 0) checkIntIn(p.classes, `${what}.classes (0 for regression)`, 2, 64);
  for (let i = 0; i < p.x.length; i++)
    if (!Number.isFinite(p.x[i])) throw new RangeError(`${what}.x[${i}] must be finite, got ${p.x[i]}`);
  if (p.classes === 0) {
    for (let i = 0; i < p.y.length; i++)
      if (!Number.isFinite(p.y[i])) throw new RangeError(`${what}.y[${i}] must be a finite target, got ${p.y[i]}`);
    return p;
  }
  for (let i = 0; i < p.y.length; i++)
    if (!Number.isInteger(p.y[i]) || p.y[i] < 0 || p.y[i] >= p.classes)
      throw new RangeError(`${what}.y[${i}] must be a class in [0, ${p.classes - 1}], got ${p.y[i]}`);
  return p;
}

function checkIntIn(v: unknown, what: string, min: number, max: number): number {
  if (typeof v !== 'number') throw new TypeError(`${what} must be a number, got ${typeof v}`);
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${what} must be an integer in [${min}, ${max}], got ${v}`);
  return v;
}

function checkBatch(v: unknown, what: string): number {
  return checkIntIn(v, what, 1, 100000);
}

function checkPositive(v: unknown, what: string): number {
  if (typeof v !== 'number') throw new TypeError(`${what} must be a number, got ${typeof v}`);
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${what} must be a finite number > 0, got ${v}`);
  return v;
}

function checkNonNegative(v: unknown, what: string): number {
  if (typeof v !== 'number') throw new TypeError(`${what} must be a number, got ${typeof v}`);
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${what} must be a finite number ≥ 0, got ${v}`);
  return v;
}

function checkGrid(g: SnapshotGrid): SnapshotGrid {
  if (!Array.isArray(g.extent) || g.extent.length !== 2 || !g.extent.every(Number.isFinite) || !(g.extent[0] < g.extent[1]))
    throw new RangeError('configure: grid.extent must be [lo, hi] with lo < hi');
  checkIntIn(g.size, 'configure: grid.size', 2, 400);
  checkIntIn(g.neuronSize, 'configure: grid.neuronSize', 2, 100);
  return { extent: [g.extent[0], g.extent[1]], size: g.size, neuronSize: g.neuronSize };
}

function allFinite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

/**
 * Test flags for n points: round(n·testRatio) of them are 1, chosen by a seeded shuffle (xorshift32,
 * Fisher–Yates), so the same points and seed always give the same train/test split.
 */
export function holdOut(n: number, testRatio: number, seed: number): Uint8Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let s = ((seed ^ 0x5bd1e995) >>> 0) || 1;
  for (let i = n - 1; i > 0; i--) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    const j = s % (i + 1);
    const t = order[i]; order[i] = order[j]; order[j] = t;
  }
  const test = new Uint8Array(n);
  const nTest = Math.round(n * testRatio);
  for (let i = 0; i < nTest; i++) test[order[i]] = 1;
  return test;
}
