// Cost of one full redraw of <ap-activation-plot> in the built site (engine evaluation of f and f′ on
// the sampling grid + canvas drawing), median and 90th percentile of 60 parameter changes, for 1 and 8
// overlaid activations. Run after scripts/build.sh site:  node bench/explore-redraw.mjs
import { launchBrowser, openPage, startServer } from '../tests/browser/harness.mjs';
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const acts of ['sigmoid', 'sigmoid,tanh,relu,elu,gelu,swish,mish,softplus']) {
    const { page } = await openPage(browser.context, `${server.url}#act=${acts}`);
    await page.waitForFunction(() => document.querySelector('ap-activation-plot')?.drawCount > 0);
    const r = await page.evaluate(async () => {
      const el = document.querySelector('ap-activation-plot');
      const times = [];
      for (let i = 0; i < 60; i++) {
        const n = el.drawCount;
        const t0 = performance.now();
        el.params = `swish.beta=${1 + (i % 10) / 10},elu.alpha=${1 + (i % 7) / 10}`;
        await el.updateComplete;
        if (el.drawCount !== n + 1) throw new Error('no redraw');
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return { median: times[30], p90: times[54], width: el.shadowRoot.querySelector('canvas').style.width };
    });
    console.log(acts.split(',').length, 'activations:', JSON.stringify(r));
    await page.close();
  }
} finally { await browser.close(); server.close(); }
