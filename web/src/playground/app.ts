// The playground itself, started by main.ts: lets every view register itself (each ./<id>/view.ts calls
// registerView, see views.ts), then starts the shell on the page's one engine and URL state. Explore, the
// first view, is part of this module; every other view's module (and the elements it uses) loads when its
// tab is first shown, so the first view waits for none of them.
import { getEngine } from '../components/engine-context.js';
import { urlState } from '../state/url-state.js';
import { Shell } from './shell/shell.js';
import './explore/view.js';
import { loadView, registerViewLoader, unlistedViews } from './views.js';

for (const [path, load] of Object.entries(import.meta.glob(['./*/view.ts', '!./explore/view.ts'])))
  registerViewLoader(path.split('/')[1], load);

const root = document.getElementById('app')!;
const engine = getEngine();
new Shell(root, urlState(), engine).start();
// A view the shell has no placeholder (no tab) for loads now, to register its tab.
for (const id of unlistedViews()) loadView(id)?.catch((e) => console.error(e));
engine.then(() => { document.body.dataset.ready = 'true'; }, () => { document.body.dataset.ready = 'error'; });
