// <ap-playground>'s data and files: points added or deleted on the map, a CSV file read into points (its
// first bad line as a message in the page's language), and the network as a download.
import { CsvError, type CsvData, parseCsv, type Points, type TrainWorker } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/train.js';
import { EXTENT } from '../../train-model/settings.js';

/** CSV labels are class indices below this (the view colours up to 8 classes). */
const CSV_CLASSES = 8;

/** The points with one more, at (x1, x2) with class `label` (at most the last class), in the training part. */
export function withPoint(p: Points, { x1, x2, label }: { x1: number; x2: number; label: number }): Points {
  const n = p.y.length;
  const x = new Float32Array(2 * n + 2);
  x.set(p.x);
  x[2 * n] = x1; x[2 * n + 1] = x2;
  const y = new Float32Array(n + 1);
  y.set(p.y);
  y[n] = Math.min(label, p.classes - 1);
  const test = new Uint8Array(n + 1);
  test.set(p.test);
  return { x, y, test, classes: p.classes };
}

/** The points without point `i`. */
export function withoutPoint(p: Points, i: number): Points {
  const keep = (a: Float32Array | Uint8Array, w: number) => {
    const out = new (a.constructor as Float32ArrayConstructor)(a.length - w);
    out.set(a.subarray(0, i * w));
    out.set(a.subarray((i + 1) * w), i * w);
    return out;
  };
  return { x: keep(p.x, 2), y: keep(p.y, 1), test: keep(p.test, 1) as unknown as Uint8Array, classes: p.classes };
}

/** A CSV file of x1,x2,label lines as data, or the message naming its first bad line. */
export function readCsv(text: string): CsvData | string {
  try {
    return parseCsv(text, { inputs: 2, maxClasses: CSV_CLASSES, range: EXTENT });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    // The first bad line, in the page's language.
    const p = e.problems[0];
    const reason = p.reason === 'empty' ? t('train.csvEmpty')
      : p.reason === 'fields' ? t('train.csvFields', { n: p.cells ?? 0 })
      : p.reason === 'number' ? t('train.csvNumber', { value: p.value ?? '' })
      : p.reason === 'label' ? t('train.csvLabel', { value: p.value ?? '', max: CSV_CLASSES - 1 })
      : t('train.csvRange', { lo: EXTENT[0], hi: EXTENT[1] });
    return t('train.csvError', { line: p.line, reason });
  }
}

/** The worker's network as a download: our JSON, or the file net.export(format) writes (ONNX, PyTorch, JavaScript). */
export async function downloadNetwork(w: TrainWorker, format: 'json' | 'onnx' | 'pytorch' | 'js'): Promise<void> {
  if (format === 'json') {
    const { json } = await w.exportNetwork();
    download(new Blob([json!], { type: 'application/json' }), 'network.json');
    return;
  }
  const r = await w.exportNetwork(format);
  const [type, name] = format === 'onnx' ? ['application/octet-stream', 'network.onnx']
    : format === 'pytorch' ? ['text/x-python', 'network.py'] : ['text/javascript', 'network.mjs'];
  // A copy: the reply's bytes are typed over ArrayBufferLike, which Blob does not take (a SharedArrayBuffer view).
  download(new Blob([r.bytes ? new Uint8Array(r.bytes) : r.text ?? ''], { type }), name);
}

/** Saves a blob as a file through a temporary link (no request leaves the page). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
