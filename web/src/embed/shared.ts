// A handle on the embed bundle's 'shared' chunk (web/embed.vite.config.js puts this module in it): the
// registry imports it next to an element's own chunk, so that both downloads start at once, with a plain
// dynamic import that a bundler re-bundling the package follows (no preload list of file names).
// Arriving, it hands the engine's loader to the page's engine context, which starts the engine as soon as
// engine.wasm is compiled, instead of after the element's first render and a dynamic import of its own.
import { startEngine } from '../components/engine-context.js';
import { loadEngine } from '../engine/engine.js';

startEngine(loadEngine);

export const SHARED_CHUNK = true;
