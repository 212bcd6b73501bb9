// Helpers shared by the lesson and embed browser tests: pixel statistics of a component's canvases
// (read in the page, through its shadow root) and screenshots kept for a human to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { root } from './harness.mjs';

export const shotDir = join(root, 'build/test-logs/screens');
mkdirSync(shotDir, { recursive: true });

/**
 * Defines window.apCanvasesOf(el) in the page (or frame): every canvas in the element's shadow root and
 * in the shadow roots nested inside it (ap-playground draws in child components).
 */
async function installCanvasWalker(page) {
  await page.evaluate(() => {
    window.apCanvasesOf ??= (el) => {
      const out = [];
      const walk = (root) => {
        for (const n of root.querySelectorAll('*')) {
          if (n.localName === 'canvas') out.push(n);
          if (n.shadowRoot) walk(n.shadowRoot);
        }
      };
      if (el?.shadowRoot) walk(el.shadowRoot);
      return out;
    };
  });
}

/**
 * For the element matching `selector` (first one, or the index-th): per canvas in its shadow root,
 * { w, h, inked, colours }: pixels that differ clearly from the top-left pixel, and distinct colours
 * (quantised to 4 bits per channel). A drawn plot has thousands inked and dozens of colours.
 */
export async function canvasStats(page, selector, index = 0) {
  await installCanvasWalker(page);
  return page.evaluate(([sel, i]) => {
    const canvasesOf = window.apCanvasesOf;
    const el = document.querySelectorAll(sel)[i];
    if (!el?.shadowRoot) return null;
    return canvasesOf(el).map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let inked = 0;
      const colours = new Set();
      for (let k = 0; k < d.length; k += 4) {
        if (Math.abs(d[k] - d[0]) + Math.abs(d[k + 1] - d[1]) + Math.abs(d[k + 2] - d[2]) > 60) inked++;
        colours.add(((d[k] >> 4) << 8) | ((d[k + 1] >> 4) << 4) | (d[k + 2] >> 4));
      }
      return { w: c.width, h: c.height, inked, colours: colours.size };
    });
  }, [selector, index]);
}

/**
 * Waits until the element's canvases have been drawn: every one of them, or with `all` false at least
 * one (components such as ap-activation-plot keep a transparent overlay canvas for the hover read-out).
 */
export async function waitForDrawn(page, selector, index = 0, timeout = 20000, all = true) {
  await installCanvasWalker(page);
  await page.waitForFunction(([sel, i, every]) => {
    const canvasesOf = window.apCanvasesOf;
    const el = document.querySelectorAll(sel)[i];
    const canvases = canvasesOf(el);
    if (!canvases.length) return false;
    const drawn = (c) => {
      if (c.width < 50) return false;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let inked = 0;
      for (let k = 0; k < d.length; k += 16) if (Math.abs(d[k] - d[0]) + Math.abs(d[k + 1] - d[1]) + Math.abs(d[k + 2] - d[2]) > 60) inked++;
      return inked > 100;
    };
    return every ? canvases.every(drawn) : canvases.some(drawn);
  }, [selector, index, all], { timeout });
}

/** The text of the element's inline error, or null when it has none. */
export async function inlineError(page, selector, index = 0) {
  return page.evaluate(([sel, i]) => document.querySelectorAll(sel)[i]?.shadowRoot?.querySelector('[role=alert]')?.textContent ?? null,
    [selector, index]);
}
