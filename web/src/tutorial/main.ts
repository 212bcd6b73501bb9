// The tutorial page: "what activation functions are for", eight sections of text around the embeddable
// components (the same ones the embed bundle defines). Language from `#lang=en|zh`, else the browser's.
import { html, render, type TemplateResult } from 'lit';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';

import '../embed/index.js';
import { browserLang, type Lang, lang, onLangChange, setLang, t } from '../i18n/index.js';
import '../i18n/tutorial.js';
import './tutorial.css';

/** One embedded component: its tag and attributes (the same markup an author would write). */
interface Embed {
  tag: string;
  attrs?: Record<string, string>;
}

interface Section {
  id: string;
  /** Paragraph keys and components, in reading order. */
  body: (string | Embed)[];
}

const SECTIONS: Section[] = [
  { id: 'neuron', body: ['tutorial.neuron.p1', { tag: 'ap-formula', attrs: { tex: 'y = f(w_1 x_1 + w_2 x_2 + b)' } }, 'tutorial.neuron.p2',
    { tag: 'ap-activation-plot', attrs: { activations: 'sigmoid,tanh,relu', derivative: '' } }] },
  { id: 'linear', body: ['tutorial.linear.p1', 'tutorial.linear.p2', { tag: 'ap-linear-collapse', attrs: { autoplay: '' } }] },
  { id: 'xor', body: ['tutorial.xor.p1', { tag: 'ap-xor-threshold-net' }, 'tutorial.xor.p2', { tag: 'ap-feature-space', attrs: { autoplay: '' } },
    'tutorial.xor.p3', { tag: 'ap-hidden-space' }] },
  { id: 'saturation', body: ['tutorial.saturation.p1',
    { tag: 'ap-activation-plot', attrs: { activations: 'sigmoid,tanh', derivative: '' } },
    'tutorial.saturation.p2', { tag: 'ap-gradient-flow' }] },
  { id: 'relu', body: ['tutorial.relu.p1', { tag: 'ap-activation-plot', attrs: { activations: 'relu', derivative: '' } },
    'tutorial.relu.p2', { tag: 'ap-dying-relu' }] },
  { id: 'leaky', body: ['tutorial.leaky.p1',
    { tag: 'ap-activation-plot', attrs: { activations: 'leaky_relu,prelu,elu,selu', params: 'leaky_relu.alpha=0.1' } },
    'tutorial.leaky.p2', { tag: 'ap-property-table', attrs: { activation: 'selu' } },
    'tutorial.leaky.p3', { tag: 'ap-learnable-params' }] },
  { id: 'swish', body: ['tutorial.swish.p1', { tag: 'ap-activation-plot', attrs: { activations: 'relu,swish,mish', derivative: '' } },
    'tutorial.swish.p2', { tag: 'ap-depth-sweep' }, 'tutorial.swish.p3', { tag: 'ap-compare', attrs: { activations: 'relu,swish,mish' } }] },
  { id: 'softmax', body: ['tutorial.softmax.p1', { tag: 'ap-formula', attrs: { activation: 'softmax' } },
    { tag: 'ap-softmax-view', attrs: { values: '2,1,0.1', temperature: '1' } }, 'tutorial.softmax.p2', 'tutorial.softmax.p3',
    { tag: 'ap-playground', attrs: { dataset: 'spiral3', layers: '8,8', activation: 'tanh', output: 'softmax', 'learning-rate': '0.03', controls: 'play,step,reset' } }] },
];

/** An embedded component, written as static markup exactly as an author would write it. */
function embed(e: Embed): TemplateResult {
  const attrs = Object.entries(e.attrs ?? {})
    .map(([k, v]) => (v === '' ? k : `${k}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)).join(' ');
  const tag = unsafeStatic(e.tag);
  return html`<div class="embed" data-tag=${e.tag}>${staticHtml`<${tag} ${unsafeStatic(attrs)}></${tag}>`}</div>`;
}

function langFromHash(): Lang | null {
  const m = /(?:^|[#&])lang=(en|zh)\b/.exec(location.hash);
  return m ? (m[1] as Lang) : null;
}

function page(): TemplateResult {
  const current = lang();
  const langButton = (id: Lang, label: string) => html`<button type="button" aria-pressed=${current === id ? 'true' : 'false'}
    @click=${() => { location.hash = `lang=${id}`; setLang(id); }}>${label}</button>`;
  return html`
    <header class="top">
      <a href="./index.html">${t('tutorial.back')}</a>
      <div class="lang" role="group" aria-label=${t('tutorial.lang')}>${langButton('en', 'English')} ${langButton('zh', '简体中文')}</div>
    </header>
    <h1>${t('tutorial.title')}</h1>
    <p class="lead">${t('tutorial.lead')}</p>
    <nav class="toc" aria-label=${t('tutorial.toc')}><ol>
      ${SECTIONS.map((s) => html`<li><a href=${`#${s.id}`} @click=${(e: Event) => { e.preventDefault(); document.getElementById(s.id)?.scrollIntoView(); }}>${
        t(`tutorial.${s.id}.h`).replace(/^\d+\.\s*/, '')}</a></li>`)}
    </ol></nav>
    ${SECTIONS.map((s) => html`<section aria-labelledby=${`${s.id}-h`}>
      <h2 id=${s.id}><span id=${`${s.id}-h`}>${t(`tutorial.${s.id}.h`)}</span></h2>
      ${s.body.map((b) => (typeof b === 'string' ? html`<p>${t(b)}</p>` : embed(b)))}
    </section>`)}
    <footer><p>${t('tutorial.end')}</p></footer>`;
}

function draw(): void {
  const root = document.getElementById('tutorial')!;
  render(page(), root);
  document.title = `${t('tutorial.title')} · Activation Playground`;
}

setLang(langFromHash() ?? browserLang());
document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
onLangChange(draw);
addEventListener('hashchange', () => { const l = langFromHash(); if (l) setLang(l); });
draw();
document.body.dataset.ready = 'true';
