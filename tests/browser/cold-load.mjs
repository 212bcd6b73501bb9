// A page loaded as a new reader meets it: a fresh browser context (empty profile, cache disabled), the
// built site from a plain static server that counts what it sends. Used by bench/coldstart.mjs (time to
// the first painted plot, bytes) and tests/browser/size.test.mjs (byte budgets, which requests).
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

/** The strict policy every response carries (the playground's own page declares the same one). */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:";
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

/** What a tutorial author writes for one plot: the embed script and one tag. */
export const ONE_PLOT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>one plot</title>
<script type="module" src="./embed/ap-components.js"></script></head>
<body><ap-activation-plot activations="sigmoid,tanh,relu" derivative></ap-activation-plot></body></html>`;

/**
 * Serves the folder `site` (a build/site) and the extra `pages` ({ '/path': html, or { type, body } for
 * another type }), uncompressed;
 * resolves to { url, log, close() }. `log` lists each response as { path, bytes } (body bytes as sent);
 * empty it between loads.
 */
export async function serveSite(site, pages = {}) {
  const log = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const page = pages[path];
    let body = typeof page === 'object' ? page.body : page;
    let type = typeof page === 'object' ? page.type : 'text/html';
    if (body === undefined) {
      const file = normalize(join(site, path === '/' ? 'index.html' : path));
      try {
        if (!file.startsWith(site) || !statSync(file).isFile()) throw new Error('not a file');
        body = readFileSync(file);
        type = TYPES[extname(file)] ?? 'application/octet-stream';
      } catch {
        res.writeHead(404).end();
        log.push({ path, bytes: 0, status: 404 });
        return;
      }
    }
    const bytes = Buffer.from(body);
    res.writeHead(200, { 'content-type': type, 'content-length': bytes.length, 'content-security-policy': CSP }).end(bytes);
    log.push({ path, bytes: bytes.length, status: 200 });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, log, close: () => server.close() };
}

// Runs in the page before its own scripts: on every animation frame, reads the canvases of each
// <ap-activation-plot> and records (performance.now(), ms since navigation start) the first frame in
// which one of them holds a plotted curve: at least 200 strongly coloured pixels (axes and grid are grey),
// also as the performance mark 'first-plot' (which a trace shows: bench/coldstart-trace.mjs).
export function paintProbe() {
  const painted = (c) => {
    if (c.width < 50 || c.height < 50) return false;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let k = 0; k < d.length; k += 16) {
      const hi = Math.max(d[k], d[k + 1], d[k + 2]), lo = Math.min(d[k], d[k + 1], d[k + 2]);
      if (d[k + 3] > 128 && hi - lo > 80 && ++n >= 50) return true;
    }
    return false;
  };
  const frame = () => {
    for (const el of document.querySelectorAll('ap-activation-plot')) {
      for (const c of el.shadowRoot?.querySelectorAll('canvas') ?? []) {
        if (painted(c)) { performance.mark('first-plot'); window.__firstPlotMs = performance.now(); return; }
      }
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/**
 * Loads `url` in a new context of `browser` (a playwright Browser) with the cache disabled, waits for the
 * first painted plot and then for the network to go quiet; resolves to { ms, bytes, requests } (`requests`
 * from the server's log: the paths this load fetched) and closes the context.
 */
export async function coldLoad(browser, server, url, { timeout = 60000 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.addInitScript(paintProbe);
    server.log.length = 0;
    await page.goto(url);
    await page.waitForFunction(() => window.__firstPlotMs !== undefined, null, { timeout });
    await page.waitForLoadState('networkidle');
    const ms = await page.evaluate(() => window.__firstPlotMs);
    const requests = server.log.map((r) => ({ ...r }));
    if (errors.length) throw new Error(`${url}: ${errors.join('; ')}`);
    return { ms, bytes: requests.reduce((s, r) => s + r.bytes, 0), requests };
  } finally {
    await context.close();
  }
}

/** Debian's Chromium, headless, as the other browser tests launch it (a browser; contexts are the profiles). */
export async function launchHeadless() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
