// The Web Worker side of the worker helper: loads an engine, hands each request to TrainerCore and
// posts the replies with their typed arrays transferred. While running, each `frame` request schedules
// one training frame in its own task. Started by createTrainWorker().
import { createEngine } from './engine.js';
import { type Outgoing, type Request, TrainerCore } from './worker.js';

interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

let core: TrainerCore | null = null;
let scheduled = false;
const queue: Request[] = [];

function post(out: Outgoing[]): void {
  for (const o of out) scope.postMessage(o.message, o.transfer);
}

/** Runs a training frame in its own macrotask, so requests that arrive meanwhile are handled first. */
function schedule(): void {
  if (scheduled || !core?.wantsTick) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    if (core) post(core.tick());
  }, 0);
}

function handle(req: Request): void {
  post(core!.handle(req));
  schedule();
}

scope.onmessage = (e: MessageEvent) => {
  const data = e.data as { type?: string; wasmUrl?: string };
  if (data?.type === 'init') {
    createEngine(data.wasmUrl ? { wasmUrl: data.wasmUrl } : {}).then((engine) => {
      core = new TrainerCore(engine);
      scope.postMessage({ type: 'ready', activations: engine.activations.map((a) => a.name) }, []);
      for (const r of queue.splice(0)) handle(r);
    }, (err: unknown) => scope.postMessage({ type: 'fatal', message: `worker: the engine failed to load: ${String(err)}` }, []));
    return;
  }
  if (!core) queue.push(e.data as Request);
  else handle(e.data as Request);
};
