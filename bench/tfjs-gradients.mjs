// Registers tfjs-core's gradient functions (tf.grad needs them; @tensorflow/tfjs does this, but the
// bench installs only tfjs-core + backends). tfjs-core ships them as extension-less ES modules in a
// CommonJS package, so a resolve/load hook adds ".js" and loads them as modules. The registries
// live on globalThis, so the CommonJS tfjs-core instance the backends use sees them.
import { register } from 'node:module';

const hooks = `
const DIST = '/@tensorflow/tfjs-core/dist/';
export async function resolve(spec, ctx, next) {
  if (ctx.parentURL && ctx.parentURL.includes(DIST) && spec.startsWith('.') && !spec.endsWith('.js'))
    return next(spec + '.js', ctx);
  return next(spec, ctx);
}
export async function load(url, ctx, next) {
  if (url.includes(DIST) && !url.endsWith('.node.js')) return next(url, { ...ctx, format: 'module' });
  return next(url, ctx);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
