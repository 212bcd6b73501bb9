// Playground entry: composition only. Loads the global styles and starts the download and compile of
// engine.wasm first, before the playground's code (app.ts, imported here) has arrived; app.ts then
// starts the shell on that engine.
import '../styles/playground.css';
import { prefetchEngine } from '../components/engine-context.js';

prefetchEngine();
import('./app.js').catch((e) => {
  console.error(e);
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = `The playground failed to load: ${String(e)}`;
  document.getElementById('app')?.append(p);
  document.body.dataset.ready = 'error';
});
