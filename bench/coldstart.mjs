// Cold start, side by side: this checkout's built site (build/site) and another build of the site (by
// default the f5d0674 build in /work/wt/base/build/site), each from a plain static server, loaded in
// Debian's headless Chromium with a fresh context (empty profile, cache disabled) for every run. For
//   (a) a plain HTML page with one <ap-activation-plot> loaded through the embed script, and
//   (b) the playground's first view (Explore),
// prints the bytes transferred (response bodies as served, uncompressed) and the median time from
// navigation to the first frame with a plotted curve on the plot's canvas (read from its pixels in the
// page on every animation frame), over N interleaved runs (the two builds alternate, first one and then
// the other going first), and the ratios ours / theirs. Each run also loads a floor page, served the same
// way: an <ap-activation-plot> of its own (no engine, no lit) that draws a curve on its canvas the moment
// it is connected, so that what the browser itself costs (a new context, navigation, a module script, the
// canvas's first paint) can be told from what our code adds.
//   node bench/coldstart.mjs [--runs N] [--against SITE_DIR] [--ours SITE_DIR] [--page one|playground] [--requests]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { coldLoad, launchHeadless, ONE_PLOT_PAGE, serveSite } from '../tests/browser/cold-load.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const runs = Number(opt('--runs', 9));
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
const ours = resolve(opt('--ours', resolve(import.meta.dirname, '../build/site')));
const theirs = resolve(opt('--against', '/work/wt/base/build/site'));
for (const dir of [ours, theirs]) {
  if (!existsSync(resolve(dir, 'embed/ap-components.js')) || !existsSync(resolve(dir, 'index.html')))
    throw new Error(`${dir} is not a built site with its embed bundle (bash scripts/build.sh site embed)`);
}

const ALL_PAGES = { 'one plot (embed)': '/one-plot.html', 'playground first view': '/' };
const only = opt('--page', null);  // 'one' or 'playground': that page only
const PAGES = Object.fromEntries(Object.entries(ALL_PAGES).filter(([name]) => !only || name.startsWith(only)));
const FLOOR_JS = `customElements.define('ap-activation-plot', class extends HTMLElement {
  connectedCallback() {
    const c = document.createElement('canvas'), g = c.getContext('2d');
    c.width = 600; c.height = 300; this.attachShadow({ mode: 'open' }).append(c);
    g.strokeStyle = '#d62728'; g.lineWidth = 3; g.beginPath();
    for (let x = 0; x < 600; x++) g.lineTo(x, 150 - 100 * Math.tanh((x - 300) / 60));
    g.stroke();
  }
});`;
const FLOOR_PAGE = ONE_PLOT_PAGE.replace('./embed/ap-components.js', './floor.js');
const sides = { ours: await serveSite(ours, { '/one-plot.html': ONE_PLOT_PAGE, '/floor.html': FLOOR_PAGE,
                                              '/floor.js': { type: 'text/javascript', body: FLOOR_JS } }),
                theirs: await serveSite(theirs, { '/one-plot.html': ONE_PLOT_PAGE }) };
const browser = await launchHeadless();
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const kib = (b) => (b / 1024).toFixed(1);

try {
  const results = {}, floor = [];
  for (const [name, path] of Object.entries(PAGES)) {
    const r = (results[name] = { ours: [], theirs: [] });
    for (let i = 0; i < runs; i++) {
      for (const side of i % 2 ? ['theirs', 'ours'] : ['ours', 'theirs'])
        r[side].push(await coldLoad(browser, sides[side], sides[side].url + path));
      floor.push((await coldLoad(browser, sides.ours, sides.ours.url + '/floor.html')).ms);
    }
  }
  console.log(`cold start, ${runs} interleaved runs each; ours = ${ours}, theirs = ${theirs}`);
  console.log('| page | ours KiB | theirs KiB | bytes ratio | ours ms (median) | theirs ms (median) | time ratio |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, r] of Object.entries(results)) {
    const bytes = { ours: median(r.ours.map((x) => x.bytes)), theirs: median(r.theirs.map((x) => x.bytes)) };
    const ms = { ours: median(r.ours.map((x) => x.ms)), theirs: median(r.theirs.map((x) => x.ms)) };
    console.log(`| ${name} | ${kib(bytes.ours)} | ${kib(bytes.theirs)} | ${(bytes.ours / bytes.theirs).toFixed(2)} | ` +
                `${ms.ours.toFixed(0)} | ${ms.theirs.toFixed(0)} | ${(ms.ours / ms.theirs).toFixed(2)} |`);
  }
  console.log(`floor (a page drawing its own curve at once, no engine): ${median(floor).toFixed(0)} ms median over ${floor.length} loads`);
  if (args.includes('--requests')) {
    for (const [name, r] of Object.entries(results))
      for (const side of ['ours', 'theirs'])
        console.log(`${name}, ${side}:`, r[side][0].requests.map((q) => `${q.path} ${q.bytes}`).join(', '));
  }
} finally {
  await browser.close();
  for (const s of Object.values(sides)) s.close();
}
