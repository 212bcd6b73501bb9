// The embed bundle's entry (built by web/embed.vite.config.js into build/site/embed/ap-components.js and
// shipped as the npm package's "./components"): importing it defines every <ap-*> custom element.
// All elements on a page share one engine (components/engine-context.ts); call provideEngine() before
// the first element connects to use an engine created with custom options (e.g. a wasmUrl).
import { setLang } from '../i18n/index.js';

export { getEngine, provideEngine } from '../components/engine-context.js';
export { ApActivationPlot } from '../components/ap-activation-plot/ap-activation-plot.js';
export { ApFormula } from '../components/ap-formula/ap-formula.js';
export { ApPlayground } from '../components/ap-playground/ap-playground.js';
export { ApParamSliders } from '../components/ap-param-sliders/ap-param-sliders.js';
export { ApPropertyTable } from '../components/ap-property-table/ap-property-table.js';
export { ApSoftmaxView } from '../components/ap-softmax-view/ap-softmax-view.js';
export { ApCompare } from '../components/ap-compare/ap-compare.js';
export { ApDepthSweep } from '../components/ap-depth-sweep/ap-depth-sweep.js';
export { ApDyingRelu } from '../components/ap-dying-relu/ap-dying-relu.js';
export { ApFeatureSpace } from '../components/ap-feature-space/ap-feature-space.js';
export { ApGradientFlow } from '../components/ap-gradient-flow/ap-gradient-flow.js';
export { ApHiddenSpace } from '../components/ap-hidden-space/ap-hidden-space.js';
export { ApLearnableParams } from '../components/ap-learnable-params/ap-learnable-params.js';
export { ApLinearCollapse } from '../components/ap-linear-collapse/ap-linear-collapse.js';
export { ApXorThresholdNet } from '../components/ap-xor-threshold-net/ap-xor-threshold-net.js';
export { setLang } from '../i18n/index.js';

// The elements speak the page's language: <html lang="zh-CN"> (any zh) gives Simplified Chinese.
if (typeof document !== 'undefined' && /^zh\b/i.test(document.documentElement.lang)) setLang('zh');
