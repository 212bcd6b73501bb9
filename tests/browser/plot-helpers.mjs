// Reading an <ap-activation-plot>'s canvas in the browser tests.

/** Smallest colour distance to `rgb` among canvas pixels within `r` CSS px of data point (x, y). */
export async function nearestColourDistance(page, x, y, rgb, r = 3) {
  return page.evaluate(({ x, y, rgb, r }) => {
    const el = document.querySelector('ap-activation-plot');
    const c = el.shadowRoot.querySelector('canvas.base');
    const dpr = c.width / parseFloat(c.style.width);
    const p = el.toCanvasPoint(x, y);
    const d = c.getContext('2d').getImageData(Math.round((p.x - r) * dpr), Math.round((p.y - r) * dpr),
      Math.round(2 * r * dpr) + 1, Math.round(2 * r * dpr) + 1).data;
    let best = Infinity;
    for (let i = 0; i < d.length; i += 4)
      best = Math.min(best, Math.abs(d[i] - rgb[0]) + Math.abs(d[i + 1] - rgb[1]) + Math.abs(d[i + 2] - rgb[2]));
    return best;
  }, { x, y, rgb, r });
}

/** RGB of the plot's legend swatch for `name` (the colour its curve is drawn in). */
export async function curveColour(page, name) {
  return page.evaluate((nm) => {
    const root = document.querySelector('ap-activation-plot').shadowRoot;
    const item = [...root.querySelectorAll('.legend > span')].find((s) => s.textContent.trim() === nm);
    return getComputedStyle(item.querySelector('.sw')).backgroundColor.match(/\d+/g).map(Number);
  }, name);
}
