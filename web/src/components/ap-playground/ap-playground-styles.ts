// <ap-playground>'s stylesheet: the three columns (one below 860 px of container), the banners
// (diverged, problem, notice) and the read-outs, light and dark.
import { css } from 'lit';

export const playgroundStyles = css`
    :host { display: block; container-type: inline-size; font: 13px system-ui, sans-serif; color: inherit; }
    h2 { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; margin: 0 0 6px; opacity: 0.8; }
    .run { padding: 8px 0 12px; border-bottom: 1px solid #8884; margin-bottom: 10px; }
    .columns { display: grid; grid-template-columns: minmax(170px, 210px) minmax(0, 1fr) minmax(240px, 320px); gap: 16px; }
    @container (max-width: 860px) { .columns { grid-template-columns: 1fr; } }
    ap-heatmap { width: 100%; margin-top: 8px; }
    .numbers { display: grid; grid-template-columns: auto 1fr; gap: 0 8px; margin: 0 0 6px; }
    .numbers dd { margin: 0; font-family: ui-monospace, monospace; }
    .diverged, .problem, .notice { padding: 8px 10px; border-radius: 4px; margin: 6px 0; }
    .diverged { background: #fde2e1; color: #7a1712; border: 1px solid #e0a19d; }
    .problem { background: #fff3cd; color: #5c4400; border: 1px solid #e6cf80; }
    .notice { background: #eef; color: #223; border: 1px solid #99b; }
    .status { font-family: ui-monospace, monospace; font-size: 12px; margin: 10px 0 0; }
    .help { font-size: 11px; opacity: 0.75; margin: 4px 0; }
    .explain-bar { display: flex; gap: 6px; margin-top: 8px; }
    .explain-toggle[aria-pressed='true'] { outline: 2px solid #ffd400; }
    ap-explain { margin-top: 10px; }
    @media (prefers-color-scheme: dark) {
      .diverged { background: #4a1512; color: #fdd; }
      .problem { background: #3d3000; color: #fe9; }
      .notice { background: #223; color: #dde; }
    }
`;
