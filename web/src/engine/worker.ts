// The train worker's main-thread client: createTrainWorker starts worker-entry.js in a module Worker
// and TrainWorker turns the protocol (worker-protocol.ts) into promises plus a snapshot callback. The
// protocol handler itself is TrainerCore (trainer-core.ts), which Node drives without a Worker.
// This module also re-exports the worker helper's public names, as before the split.
import type { ExportFormat } from './interop/index.js';
import type { Feature, GridSpec } from './network.js';
import { inspectAs } from './inspect.js';
import { makeDisposable } from './lifetime.js';
import { checkWorkerOptions, type TrainWorkerOptions } from './worker-options.js';
import type { Message, Points, ReplyResult, Request, Snapshot, TrainConfig, TrainSettings } from './worker-protocol.js';

export { TrainerCore } from './trainer-core.js';
export type { TrainWorkerOptions } from './worker-options.js';
export { transferList } from './worker-protocol.js';
export type {
  Confusion, ExampleSnapshot, GenerateSpec, History, Message, Outgoing, Points, ReplyResult, Request, Snapshot, SnapshotGrid,
  StopCondition, StopReached, TrainConfig, TrainSettings,
} from './worker-protocol.js';

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

  static {
    inspectAs(TrainWorker, (w) => ({ session: w.session, pending: w.pending.size, terminated: w.closed }));
  }

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
  /** Input features over a grid from the worker's engine (engine.featureGrid): what the network is fed. */
  async featureGrid(grid: GridSpec, features?: Feature[]): Promise<Float32Array> {
    return (await this.send({ type: 'featureGrid', grid, features })).featureGrid!;
  }
  /** Test flags for n points from the worker's engine (engine.holdOut): the split configure's `generate` makes. */
  async holdOut(n: number, testRatio: number, seed: number): Promise<Uint8Array> {
    return (await this.send({ type: 'holdOut', n, testRatio, seed })).test!;
  }

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

/** TrainWorker is Disposable: `using worker = await createTrainWorker()` terminates it at the end of the block. */
export interface TrainWorker {
  /** Calls {@link TrainWorker.terminate}. */
  [Symbol.dispose](): void;
}
makeDisposable(TrainWorker, 'terminate');

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
    throw new WorkerUnavailableError('createTrainWorker: needs a browser Web Worker and this runtime has none (Node\'s ' +
                                     'worker_threads are not supported); in Node, use new TrainerCore(engine), the same protocol without a Worker');
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
  const { wasmUrl, wasmModule, worker, shared } = checkWorkerOptions(options);
  const start = () => worker ?? startWorker();
  if (wasmModule && !moduleKeys.has(wasmModule)) moduleKeys.set(wasmModule, `module ${++modulesSeen}`);
  const key = wasmModule ? moduleKeys.get(wasmModule)! : wasmUrl ?? '';
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
