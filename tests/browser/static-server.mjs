// A loopback static server for pages that import dist/ (and other folders) directly: `index` at '/',
// each mount's files under its prefix, 404 for anything else (nothing outside the mounts is reachable).
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/** Serves `mounts` ({ '/prefix/': folder }) and the HTML `index`; resolves to the listening http.Server. */
export async function serveFolders(mounts, index) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(index);
      return;
    }
    const prefix = Object.keys(mounts).find((p) => path.startsWith(p));
    const file = prefix ? normalize(join(mounts[prefix], path.slice(prefix.length))) : '';
    let ok = !!prefix && file.startsWith(mounts[prefix]);
    try { ok &&= statSync(file).isFile(); } catch { ok = false; }
    if (!ok) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return server;
}
