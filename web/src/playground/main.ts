// Playground entry: composition only. Loads the global styles, lets every view register itself
// (each ./<id>/view.ts calls registerView, see views.ts), then starts the shell on the page's one
// engine and URL state.
import '../styles/playground.css';
import { getEngine } from '../components/engine-context.js';
import { urlState } from '../state/url-state.js';
import { Shell } from './shell/shell.js';

import.meta.glob('./*/view.ts', { eager: true });

const root = document.getElementById('app')!;
const engine = getEngine();
new Shell(root, urlState(), engine).start();
engine.then(() => { document.body.dataset.ready = 'true'; }, () => { document.body.dataset.ready = 'error'; });
