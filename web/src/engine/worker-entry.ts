// The Web Worker side of the worker helper: loads one engine, hands each request to its session's
// TrainerCore and posts the replies with their typed arrays transferred. While running, each `frame`
// request schedules one training frame in its own task. Started by createTrainWorker().
import { createEngine } from './create.js';
import type { Engine } from './engine.js';
import { TrainerCore } from './trainer-core.js';
import type { Outgoing, Request } from './worker-protocol.js';

interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

let engine: Engine | null = null;
/** One protocol handler (one network) per session; sessions are TrainWorkers on the page. */
const cores = new Map<number, TrainerCore>();
let scheduled = false;
const queue: SessionRequest[] = [];

type SessionRequest = (Request | { id: number; type: 'close' }) & { session?: number };

function post(session: number, out: Outgoing[]): void {
  for (const o of out) scope.postMessage({ ...o.message, session }, o.transfer);
}

/** Runs one training frame of every session that wants one, in its own macrotask. */
function schedule(): void {
  if (scheduled || ![...cores.values()].some((c) => c.wantsTick)) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    for (const [session, core] of cores) post(session, core.tick());
  }, 0);
}

function handle(req: SessionRequest): void {
  const session = typeof req?.session === 'number' ? req.session : 0;
  if (req?.type === 'close') {
    cores.get(session)?.dispose();
    cores.delete(session);
    return;
  }
  let core = cores.get(session);
  if (!core) cores.set(session, (core = new TrainerCore(engine!)));
  post(session, core.handle(req as Request));
  schedule();
}

scope.onmessage = (e: MessageEvent) => {
  const data = e.data as { type?: string; wasmUrl?: string; wasmModule?: WebAssembly.Module };
  if (data?.type === 'init') {
    if (engine) return;
    const options = data.wasmModule ? { wasmModule: data.wasmModule } : data.wasmUrl ? { wasmUrl: data.wasmUrl } : {};
    createEngine(options).then((ready) => {
      engine = ready;
      scope.postMessage({ type: 'ready', activations: ready.activations.map((a) => a.name) }, []);
      for (const r of queue.splice(0)) handle(r);
    }, (err: unknown) => scope.postMessage({ type: 'fatal', message: `worker: the engine failed to load: ${String(err)}` }, []));
    return;
  }
  if (!engine) queue.push(e.data as SessionRequest);
  else handle(e.data as SessionRequest);
};
