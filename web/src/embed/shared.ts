// A handle on the embed bundle's 'shared' chunk (web/embed.vite.config.js puts this module in it): the
// registry imports it next to an element's own chunk, so that both downloads start at once, with a plain
// dynamic import that a bundler re-bundling the package follows (no preload list of file names).
export const SHARED_CHUNK = true;
