// Shared set-up for browser tests: serve build/site with `vite preview` on a free loopback port and
// drive Debian's Chromium through playwright-core (no browser download).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { after, before } from 'node:test';

import { chromium } from 'playwright-core';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** Starts `vite preview` over build/site; resolves to { url, close() }. */
export async function startServer() {
  const port = await freePort();
  const child = spawn(process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 20000;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}`);
    if (Date.now() > deadline) { child.kill(); throw new Error('vite preview did not start in 20 s'); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, close: () => child.kill() };
}

/**
 * Launches headless Chromium with a fresh profile; resolves to { context, close() }. `options` go to the
 * context (e.g. `{ bypassCSP: true }` for a peer tool injected with page.addScriptTag, as the axe run does).
 */
export async function launchBrowser(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'ap-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ...options,
  });
  return {
    context,
    close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

/**
 * Opens a page and records console errors, page errors and requests that leave the server's origin.
 * Returns { page, errors, offOrigin }.
 */
export async function openPage(context, url) {
  const page = await context.newPage();
  const errors = [];
  const offOrigin = [];
  const origin = new URL(url).origin;
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) offOrigin.push(u);
  });
  await page.goto(url);
  return { page, errors, offOrigin };
}

/**
 * For a test file that needs the built site and a browser: registers before/after hooks that start
 * `vite preview` and Chromium once for the file and stop both afterwards. Returns an object whose
 * `server` ({ url, close }) and `browser` ({ context, close }) are set before the first test runs.
 */
export function useSiteAndBrowser() {
  const site = { server: null, browser: null };
  before(async () => {
    site.server = await startServer();
    site.browser = await launchBrowser();
  });
  after(async () => {
    await site.browser?.close();
    site.server?.close();
  });
  return site;
}
