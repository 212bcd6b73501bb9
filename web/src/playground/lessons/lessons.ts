// The table of lessons: id (the `lesson=` value in the URL hash), the i18n key prefix of its title and
// text, and the component that makes its claim visible, with the attributes it starts with.
export interface Lesson {
  id: string;
  /** `lessons.<key>.title` and `lessons.<key>.text` in web/src/i18n/lessons.ts. */
  key: string;
  tag: string;
  attrs?: Record<string, string>;
}

export const LESSONS: readonly Lesson[] = [
  { id: 'collapse', key: 'collapse', tag: 'ap-linear-collapse', attrs: { autoplay: '' } },
  { id: 'xor', key: 'xor', tag: 'ap-xor-threshold-net' },
  { id: 'circle', key: 'feature', tag: 'ap-feature-space', attrs: { autoplay: '' } },
  { id: 'hidden', key: 'hidden', tag: 'ap-hidden-space', attrs: { autoplay: '' } },
  { id: 'gradients', key: 'gradients', tag: 'ap-gradient-flow', attrs: { autoplay: '' } },
  { id: 'dying', key: 'dying', tag: 'ap-dying-relu', attrs: { autoplay: '' } },
  { id: 'learnable', key: 'learnable', tag: 'ap-learnable-params', attrs: { autoplay: '' } },
  { id: 'compare', key: 'compare', tag: 'ap-compare', attrs: { autoplay: '' } },
  { id: 'depth', key: 'depth', tag: 'ap-depth-sweep' },
];
