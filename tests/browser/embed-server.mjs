// A plain static server for the embed bundle (build/site/embed/ under /embed/) plus a few HTML pages,
// every response under a strict Content-Security-Policy: what a tutorial author's server does.
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';

import { root } from './harness.mjs';

/** The policy the embed tests serve: no inline script, no eval; WebAssembly allowed. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'";

const embedDir = join(root, 'build/site/embed');
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

/**
 * Serves `pages` ({ '/path': html, or { html, csp } for a page with its own policy }) and the bundle.
 * Resolves to { url, wasmRequests, close() }; `wasmRequests` counts the .wasm fetches so far.
 */
export async function startEmbedServer(pages) {
  const files = new Map(readdirSync(embedDir).map((f) => [`/embed/${f}`, join(embedDir, f)]));
  const state = { url: '', wasmRequests: 0, close: () => server.close() };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const page = pages[path];
    const file = files.get(path);
    if (path.endsWith('.wasm')) state.wasmRequests++;
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': page.csp ?? CSP });
      res.end(page.html ?? page);
    } else if (path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else if (file) {
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'content-security-policy': CSP });
      res.end(readFileSync(file));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  state.url = `http://127.0.0.1:${server.address().port}/`;
  return state;
}
