// Vite entry: the package imported by its name, as an app would. With ?explicit, the .wasm URL comes
// from the package's "./engine.wasm" export through Vite's ?url import and is passed as wasmUrl.
import * as pkg from 'activation-playground';
import wasmAssetUrl from 'activation-playground/engine.wasm?url';
import { run } from './check.js';

run(pkg, new URLSearchParams(location.search).has('explicit') ? wasmAssetUrl : undefined);
