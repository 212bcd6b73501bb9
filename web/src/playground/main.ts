// Playground entry: composition only.
import { createEngine } from '../engine/index.js';

const status = document.getElementById('status')!;
const canvas = document.getElementById('plot') as HTMLCanvasElement;

async function main(): Promise<void> {
  const engine = await createEngine();
  const act = engine.activation('relu');
  const n = 401;
  const xs = new Float32Array(n);
  for (let i = 0; i < n; i++) xs[i] = -4 + (8 * i) / (n - 1);
  const ys = act.forward(xs);
  const ds = act.derivative(xs);
  const ctx = canvas.getContext('2d')!;
  const sx = (x: number) => ((x + 4) / 8) * canvas.width;
  const sy = (y: number) => canvas.height - ((y + 1) / 5) * canvas.height;
  const line = (vals: Float32Array, colour: string) => {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    vals.forEach((v, i) => (i ? ctx.lineTo(sx(xs[i]), sy(v)) : ctx.moveTo(sx(xs[i]), sy(v))));
    ctx.stroke();
  };
  line(ys, '#1f77b4');
  line(ds, '#ff7f0e');
  status.textContent = `Engine ready (SIMD ${engine.simd ? 'on' : 'off'})`;
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  status.textContent = `Engine failed to load: ${e}`;
  throw e;
});
