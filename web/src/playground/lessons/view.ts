// The Lessons view: a list of lessons on the left, the chosen one on the right (title, a few sentences,
// and its component). Only the chosen lesson's component is on the page, so at most one trains at a
// time. The choice lives in the URL hash (`lesson=`), so a link opens a given lesson.
import { html, render } from 'lit';

import '../../embed/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/lessons.js';
import { registerView, type ViewContext } from '../views.js';
import { LESSONS, type Lesson } from './lessons.js';
import './lessons.css';

function mount(el: HTMLElement, ctx: ViewContext) {
  ctx.state.registerProps([{ key: 'lesson', type: 'enum', default: LESSONS[0].id, values: LESSONS.map((l) => l.id) }]);
  let shownId = '';
  let component: HTMLElement | null = null;

  const current = (): Lesson => LESSONS.find((l) => l.id === ctx.state.get<string>('lesson')) ?? LESSONS[0];

  /** The chosen lesson's element: created when the choice changes, kept across language switches. */
  const element = (lesson: Lesson): HTMLElement => {
    if (component && shownId === lesson.id) return component;
    component = document.createElement(lesson.tag);
    for (const [k, v] of Object.entries(lesson.attrs ?? {})) component.setAttribute(k, v);
    shownId = lesson.id;
    return component;
  };

  // The list is a vertical tablist (WAI-ARIA tabs pattern): arrow keys move between lessons (wrapping),
  // Home and End go to the first and last, and the chosen tab is the only one in the Tab order.
  const onKey = (e: KeyboardEvent, i: number) => {
    const n = LESSONS.length;
    const next = { ArrowDown: i + 1, ArrowRight: i + 1, ArrowUp: i - 1, ArrowLeft: i - 1, Home: 0, End: n - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const id = LESSONS[(next + n) % n].id;
    ctx.state.set('lesson', id);
    queueMicrotask(() => el.querySelector<HTMLElement>(`#lesson-tab-${id}`)?.focus());
  };

  const draw = () => {
    const lesson = current();
    render(html`
      <div class="ap-lessons">
        <nav class="ap-lesson-list" aria-label=${t('lessons.pick')} data-hide-id="lesson-list">
          <div class="ap-lesson-tabs" role="tablist" aria-orientation="vertical" aria-label=${t('lessons.pick')}>
            ${LESSONS.map((l, i) => html`<button role="tab" id=${`lesson-tab-${l.id}`} aria-selected=${l.id === lesson.id ? 'true' : 'false'}
              tabindex=${l.id === lesson.id ? 0 : -1} aria-controls="lesson-panel"
              @click=${() => ctx.state.set('lesson', l.id)} @keydown=${(e: KeyboardEvent) => onKey(e, i)}>
              <span class="n" aria-hidden="true">${i + 1}</span> ${t(`lessons.${l.key}.title`)}</button>`)}
          </div>
        </nav>
        <div class="ap-lesson-panel" id="lesson-panel" role="tabpanel" aria-labelledby=${`lesson-tab-${lesson.id}`}>
          <article class="ap-lesson" data-lesson=${lesson.id}>
            <h2>${t(`lessons.${lesson.key}.title`)}</h2>
            <p class="ap-text">${t(`lessons.${lesson.key}.text`)}</p>
            <div class="ap-lesson-component">${element(lesson)}</div>
          </article>
        </div>
      </div>`, el);
    ctx.status(t(`lessons.${lesson.key}.title`));
  };

  ctx.state.subscribe((changed) => { if (changed.has('lesson')) draw(); });
  ctx.i18n.onLangChange(draw);
  draw();
  return {
    // Leaving the tab removes the component (stopping its training); coming back recreates it.
    hide() { component?.remove(); component = null; shownId = ''; },
    show() { draw(); },
  };
}

registerView({ id: 'lessons', titleKey: 'shell.tab.lessons', order: 3, mount });
