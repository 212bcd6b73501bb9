// The Train tab: mounts <ap-playground> into the shell and ties its attributes to the URL hash
// (one key per attribute: #view=train&dataset=xor&layers=4,2&learning-rate=0.1 ...).
import '../../components/ap-playground/ap-playground.js';
import type { ApPlayground, SettingsEventDetail } from '../../components/ap-playground/ap-playground.js';
import '../../i18n/train.js';
import type { PropSpec } from '../../state/url-state.js';
import { registerView } from '../views.js';
import { customDefinition } from '../explore/custom.js';
import { DEFAULTS, PROPS } from '../../train-model/settings.js';

/** URL rows for every Train setting: strings checked by the same parsers the element uses. */
const URL_PROPS: PropSpec[] = PROPS.map((p) => ({
  key: p.attr,
  type: 'string',
  default: p.format(DEFAULTS[p.key] as never),
  check: (v: unknown) => {
    try {
      p.parse(String(v));
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  },
}));

registerView({
  id: 'train',
  titleKey: 'train.title',
  order: 2,
  mount(el, ctx) {
    ctx.state.registerProps(URL_PROPS);
    const pg = document.createElement('ap-playground') as ApPlayground;
    pg.setAttribute('status', 'external');
    const syncFromUrl = () => {
      for (const p of URL_PROPS) {
        const v = ctx.state.get<string>(p.key);
        if (v === p.default) pg.removeAttribute(p.key);
        else pg.setAttribute(p.key, v);
      }
      const hide = ctx.state.get<string[]>('hide');
      if (hide.length) pg.setAttribute('hide-controls', hide.join(','));
      else pg.removeAttribute('hide-controls');
    };
    syncFromUrl();
    ctx.state.subscribe((changed) => {
      if (changed.has('hide') || URL_PROPS.some((p) => changed.has(p.key))) syncFromUrl();
    });
    pg.addEventListener('ap-settings', (e) => {
      const attrs = (e as CustomEvent<SettingsEventDetail>).detail.attributes;
      ctx.state.update(Object.fromEntries(URL_PROPS.map((p) => [p.key, attrs[p.key] ?? p.default])));
    });
    pg.addEventListener('ap-status', (e) => ctx.status((e as CustomEvent<string>).detail));
    // Explore's Custom formula (URL keys custom, custom-params) is offered in every layer's list.
    const syncFormula = async () => {
      const def = await customDefinition(await ctx.engine, ctx.state.get<string>('custom'), ctx.state.get<string>('custom-params'));
      pg.formulas = def ? [def] : [];
    };
    void syncFormula();
    ctx.state.subscribe((changed) => {
      if (changed.has('custom') || changed.has('custom-params')) void syncFormula();
    });
    // Room below for the shell's fixed status bar, so the last controls are not hidden under it.
    el.style.paddingBottom = '3.5rem';
    el.append(pg);
    return {
      show: () => {},
      hide: () => { void pg.pause(); },
    };
  },
});
