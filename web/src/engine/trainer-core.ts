// TrainerCore: the train worker's protocol handler, free of any Worker. It owns one network and its
// points and answers each request (worker-protocol.ts) with replies plus the list of ArrayBuffers to
// transfer, so Node tests drive it directly against the real engine; worker-entry.ts runs one per
// session inside the Web Worker.
import type { Engine } from './engine.js';
import { checkFinite, checkInt, checkNumber, checkObject, checkOneOf, checkOptions, checkString, describe } from './errors.js';
import type { ExportFormat } from './interop/index.js';
import { type Network, type NetworkSpec, specSummary } from './network.js';
import { inspectAs } from './inspect.js';
import { makeDisposable } from './lifetime.js';
import {
  checkBatchSize, checkEpochsPerTick, checkPoints, checkSettings, checkSnapshotGrid, CONFIG_KEYS, DEFAULT_GRID, MAX_STEP, planar,
} from './worker-checks.js';
import {
  checkStop, type Confusion, confusionCounts, type ExampleSnapshot, type StopCondition, type StopReached, stopReached,
} from './worker-explain.js';
import {
  copyPoints, type GenerateSpec, type Outgoing, type Points, reply, type ReplyResult, type Request, type Snapshot, type SnapshotGrid,
  type TrainConfig, type TrainSettings, transferList,
} from './worker-protocol.js';

const REQUEST_TYPES: readonly Request['type'][] = [
  'configure', 'setPoints', 'set', 'start', 'pause', 'frame', 'step', 'reset', 'snapshot', 'setWeight', 'select', 'stepExample',
  'exportNetwork', 'importNetwork', 'holdOut', 'featureGrid',
];

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

  static {
    inspectAs(TrainerCore, (c) => (c.net ? { network: specSummary(c.net.spec), epoch: c.net.epoch, running: c.running } : { network: 'none' }));
  }

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
    checkObject(req, 'worker: request');
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
        const n = checkInt(req.epochs, 'step: epochs', 1, MAX_STEP);
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
        if (i !== null) checkInt(i, 'select: index (or null)', 0, this.points!.y.length - 1);
        this.selected = i;
        return { snapshot: this.snapshot() };
      }
      case 'stepExample': return this.stepExample();
      case 'exportNetwork': return this.exportNetwork(req.format ?? 'json');
      case 'importNetwork': return this.importNetwork(req.json, req.onnx);
      case 'holdOut': return { test: this.engine.holdOut(req.n, req.testRatio, req.seed) };
      case 'featureGrid': return { featureGrid: this.engine.featureGrid(req.grid, req.features) };
      default:
        checkOneOf((req as { type?: unknown }).type, 'worker: request.type', REQUEST_TYPES);
        throw new Error('unreachable');
    }
  }

  private configure(config: TrainConfig): ReplyResult {
    checkOptions(checkObject(config, 'configure: config'), 'configure: config', CONFIG_KEYS);
    const limits = this.engine.limits;
    const batchSize = checkBatchSize(config.batchSize, 'configure: batchSize', limits);
    const epochsPerTick = config.epochsPerTick === undefined ? this.epochsPerTick
      : checkEpochsPerTick(config.epochsPerTick, 'configure: epochsPerTick');
    const grid = checkSnapshotGrid(config.grid, 'configure: grid');
    const stop = config.stop === undefined ? this.stop : checkStop(config.stop, 'configure: stop');
    const data = checkOptions(checkObject(config.data, 'configure: data'), 'configure: data', ['points', 'generate']);
    if ((data.points === undefined) === (data.generate === undefined))
      throw new TypeError('configure: data must be { points } or { generate }, one of the two');
    const points = data.points !== undefined ? checkPoints(data.points, 'configure: data.points', limits)
      : this.generate(data.generate as GenerateSpec);
    if (config.activations !== undefined && !Array.isArray(config.activations))
      throw new TypeError(`configure: activations must be an array of definitions, got ${describe(config.activations)}`);
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
    const what = 'configure: data.generate';
    checkOptions(checkObject(g, what), what, ['dataset', 'n', 'noise', 'seed', 'classes', 'testRatio']);
    const testRatio = checkNumber(g.testRatio, `${what}.testRatio`, 0, 1, { maxExclusive: true });
    // Required here (engine.dataset would take a missing seed as its default 1, and the split needs it too).
    checkInt(g.seed, `${what}.seed`, 0, Number.MAX_SAFE_INTEGER);
    const opts: { n: number; noise: number; seed: number; classes?: number } = { n: g.n, noise: g.noise, seed: g.seed };
    if (g.classes !== undefined) opts.classes = g.classes;
    const d = this.engine.dataset(g.dataset, opts);
    return { x: d.x, y: d.y, test: this.engine.holdOut(d.n, testRatio, g.seed), classes: d.classes };
  }

  private setPoints(points: Points): void {
    this.need();
    const p = checkPoints(points, 'setPoints: points', this.engine.limits);
    if (p.classes !== this.points!.classes)
      throw new RangeError(`setPoints: points.classes must stay ${this.points!.classes}, got ${p.classes}`);
    this.usePoints(p);
    if (this.selected !== null && this.selected >= p.y.length) this.selected = null;
    this.measure();
  }

  /**
   * Live settings. Every value is checked first (the same checks as the network's own), so a bad setting
   * changes nothing. A regularization rate keeps the kind: with kind 'none' it is stored and has no
   * effect until a configure picks 'l1' or 'l2' (as in TF Playground).
   */
  private set(settings: TrainSettings): void {
    const s = checkSettings(settings, this.engine.limits);
    const { learningRate: lr, regularizationRate: reg } = s;
    if ((lr !== undefined || reg !== undefined) && !this.net) throw new RangeError('set: configure the worker first');
    if (reg !== undefined && reg !== this.net!.spec.regularization.rate) {
      const next = this.withRegularizationRate(reg);
      this.net!.dispose();
      this.net = next;
    }
    if (lr !== undefined) this.net!.setLearningRate(lr);
    if (lr !== undefined || reg !== undefined) this.spec = this.net!.spec;
    if (s.batchSize !== undefined) this.batchSize = s.batchSize;
    if (s.epochsPerTick !== undefined) this.epochsPerTick = s.epochsPerTick;
    if (s.stop !== undefined) this.stop = s.stop;
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
    json.spec.regularization = { kind: json.spec.regularization.kind, rate };
    return this.engine.loadNetwork(json);
  }

  private setWeight(layer: number, unit: number, input: number, value: number): Snapshot {
    this.need();
    const w = this.net!.getWeights();
    checkInt(layer, 'setWeight: layer', 0, w.length - 1);
    const units = w[layer].biases.length;
    const inputs = w[layer].weights.length / units;
    checkInt(unit, 'setWeight: unit', 0, units - 1);
    checkInt(input, 'setWeight: input (-1 for the bias)', -1, inputs - 1);
    checkFinite(value, 'setWeight: value');
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
      const text = checkString(json, 'importNetwork: json');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
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

function allFinite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

/** TrainerCore is Disposable: `using core = new TrainerCore(engine)` frees its network at the end of the block. */
export interface TrainerCore {
  /** Calls {@link TrainerCore.dispose}. */
  [Symbol.dispose](): void;
}
makeDisposable(TrainerCore, 'dispose');
