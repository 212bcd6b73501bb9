// A small TeX → MathML Core translator for the catalogue's formulas, so the page needs no KaTeX or
// MathJax download and stays within CSP (DOM nodes only, no HTML strings, no eval).
//
// Covered: groups {…}; ^ and _ scripts (and primes); \frac \dfrac \tfrac; \sqrt and \sqrt[n];
// Greek letters; named functions (\tanh, \log, \max, …) and \operatorname{…}; \text / \mathrm;
// relations and operators (\cdot \le \ge \ne \to \infty \approx \pm …); spacing (\, \; \quad);
// \left … \right fences; \begin{cases} / {array} / {aligned} / {matrix} environments with & and \\.
// Anything else is shown as its literal text and listed in `unknown`: translation never throws.

const NS = 'http://www.w3.org/1998/Math/MathML';

const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
};

const FUNCTIONS = new Set(['tanh', 'sinh', 'cosh', 'sin', 'cos', 'tan', 'exp', 'log', 'ln', 'max', 'min',
  'sup', 'inf', 'lim', 'arg', 'sgn', 'sign', 'det', 'erf', 'erfc', 'softplus', 'sigmoid', 'relu', 'clamp']);

const OPERATORS: Record<string, string> = {
  cdot: '⋅', times: '×', div: '÷', pm: '±', mp: '∓', le: '≤', leq: '≤', ge: '≥', geq: '≥', lt: '<', gt: '>',
  ne: '≠', neq: '≠', approx: '≈', equiv: '≡', sim: '∼', to: '→', rightarrow: '→', leftarrow: '←',
  Rightarrow: '⇒', mapsto: '↦', in: '∈', notin: '∉', infty: '∞', partial: '∂', nabla: '∇', sum: '∑',
  prod: '∏', int: '∫', ldots: '…', cdots: '⋯', dots: '…', prime: '′', mid: '∣', vert: '|', lvert: '|',
  rvert: '|', lVert: '‖', rVert: '‖', langle: '⟨', rangle: '⟩', lfloor: '⌊', rfloor: '⌋', lceil: '⌈',
  rceil: '⌉', circ: '∘', odot: '⊙', otimes: '⊗', forall: '∀', exists: '∃', land: '∧', lor: '∨', neg: '¬',
  '{': '{', '}': '}', '|': '‖', '%': '%', '#': '#', '&': '&', _: '_',
};

const SPACES: Record<string, string> = { ',': '0.1667em', ':': '0.2222em', '>': '0.2222em', ';': '0.2778em',
  '!': '-0.1667em', quad: '1em', qquad: '2em', ' ': '0.25em' };

// Commands that only change sizes or styles we do not need; their argument (if any) is kept.
const IGNORED = new Set(['displaystyle', 'textstyle', 'scriptstyle', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr',
  'Bigl', 'Bigr', 'biggl', 'biggr', 'limits', 'nolimits']);

/** The result of a translation: a <math> element and the commands it did not know. */
export interface TexResult {
  math: Element;
  unknown: string[];
}

type Token = { kind: 'cmd'; name: string } | { kind: 'char'; ch: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const m = /^[a-zA-Z]+/.exec(src.slice(i + 1));
      if (m) {
        out.push({ kind: 'cmd', name: m[0] });
        i += m[0].length;
      } else if (i + 1 < src.length) {
        out.push({ kind: 'cmd', name: src[i + 1] });
        i++;
      }
    } else if (c === '%') {
      while (i < src.length && src[i] !== '\n') i++;
    } else {
      out.push({ kind: 'char', ch: c });
    }
  }
  return out;
}

class Parser {
  private pos = 0;
  readonly unknown: string[] = [];

  constructor(private readonly toks: Token[], private readonly doc: Document) {}

  private el(tag: string, children: (Node | string)[] = [], attrs: Record<string, string> = {}): Element {
    const e = this.doc.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    for (const c of children) e.append(typeof c === 'string' ? this.doc.createTextNode(c) : c);
    return e;
  }

  /** True when all input is consumed. */
  done(): boolean {
    return this.pos >= this.toks.length;
  }

  /** Steps over a token that closes nothing (a stray } & \\ \right \end) and records it. */
  skipStray(): void {
    const t = this.toks[this.pos++];
    if (t.kind === 'cmd' && t.name === '\\') return; // a line break at top level: just continue
    this.unknown.push(t.kind === 'char' ? t.ch : `\\${t.name}`);
  }

  private peek(): Token | undefined {
    return this.toks[this.pos];
  }

  private skipSpace(): void {
    while (this.peek()?.kind === 'char' && /\s/.test((this.peek() as { ch: string }).ch)) this.pos++;
  }

  private isChar(ch: string): boolean {
    const t = this.peek();
    return t?.kind === 'char' && t.ch === ch;
  }

  private isCmd(name: string): boolean {
    const t = this.peek();
    return t?.kind === 'cmd' && t.name === name;
  }

  /** A row of atoms up to `}` / `&` / `\\` / `\right` / `\end` / end of input. */
  parseRow(): Element {
    const items: Element[] = [];
    for (;;) {
      this.skipSpace();
      const t = this.peek();
      if (!t) break;
      if (t.kind === 'char' && (t.ch === '}' || t.ch === '&')) break;
      if (t.kind === 'cmd' && (t.name === '\\' || t.name === 'right' || t.name === 'end')) break;
      // A thin space before a function name that follows an operand ("x tanh x"), as TeX does.
      const prev = items[items.length - 1];
      const operand = prev && (prev.tagName !== 'mo' || /^[)\]|]$/.test(prev.textContent ?? ''));
      if (operand && t.kind === 'cmd' && (FUNCTIONS.has(t.name) || t.name === 'operatorname'))
        items.push(this.el('mspace', [], { width: '0.1667em' }));
      const atom = this.parseScripted();
      if (atom) items.push(atom);
    }
    return items.length === 1 ? items[0] : this.el('mrow', items);
  }

  /** An atom followed by any ^, _ and ' scripts. */
  private parseScripted(): Element | null {
    const start = this.peek();
    let base = this.parseAtom();
    if (!base) return null;
    const isFunction = start?.kind === 'cmd' && (FUNCTIONS.has(start.name) || start.name === 'operatorname');
    let sup: Element | null = null;
    let sub: Element | null = null;
    for (;;) {
      this.skipSpace();
      if (this.isChar('^')) { this.pos++; sup = this.parseArg(); }
      else if (this.isChar('_')) { this.pos++; sub = this.parseArg(); }
      else if (this.isChar("'")) {
        let primes = '';
        while (this.isChar("'")) { this.pos++; primes += '′'; }
        sup = this.el('mo', [primes]);
      } else break;
    }
    if (sup && sub) base = this.el('msubsup', [base, sub, sup]);
    else if (sup) base = this.el('msup', [base, sup]);
    else if (sub) base = this.el('msub', [base, sub]);
    // TeX puts a thin space between a function name and a bare argument ("tanh x"), none before
    // a parenthesis ("tanh(x)").
    if (isFunction && !this.isChar('(') && !this.isCmd('left') && this.peek()) {
      base = this.el('mrow', [base, this.el('mspace', [], { width: '0.1667em' })]);
    }
    return base;
  }

  /** One argument: a {group} or a single atom. */
  private parseArg(): Element {
    this.skipSpace();
    if (this.isChar('{')) return this.parseGroup();
    return this.parseAtom() ?? this.el('mrow');
  }

  private parseGroup(): Element {
    this.pos++; // {
    const row = this.parseRow();
    if (this.isChar('}')) this.pos++;
    return row.tagName === 'mrow' ? row : this.el('mrow', [row]);
  }

  /** The raw text of a {group} (for \text, \operatorname, environment names). */
  private rawGroup(): string {
    this.skipSpace();
    if (!this.isChar('{')) return '';
    this.pos++;
    let s = '';
    let depth = 0;
    while (this.peek()) {
      const t = this.peek()!;
      this.pos++;
      if (t.kind === 'char') {
        if (t.ch === '{') depth++;
        if (t.ch === '}') { if (depth === 0) break; depth--; }
        s += t.ch;
      } else {
        s += t.name.length === 1 ? t.name : `\\${t.name}`;
      }
    }
    return s;
  }

  private parseAtom(): Element | null {
    const t = this.peek()!;
    if (t.kind === 'char') {
      this.pos++;
      const c = t.ch;
      if (c === '{') { this.pos--; return this.parseGroup(); }
      if (/[0-9.]/.test(c)) {
        let s = c;
        while (this.peek()?.kind === 'char' && /[0-9.]/.test((this.peek() as { ch: string }).ch)) s += (this.toks[this.pos++] as { ch: string }).ch;
        return this.el('mn', [s]);
      }
      if (/[a-zA-Z]/.test(c)) return this.el('mi', [c]);
      if (c === '-') return this.el('mo', ['−']);
      // Brackets typed as plain characters keep their size (only \left / \right fences stretch):
      // otherwise the σ(x) next to a fraction would grow to the fraction's height.
      if ('()[]|'.includes(c)) return this.el('mo', [c], { stretchy: 'false' });
      if (c === '~') return this.el('mspace', [], { width: '0.25em' });
      return this.el('mo', [c]);
    }
    this.pos++;
    const name = t.name;
    if (name in GREEK) return this.el('mi', [GREEK[name]], /^[A-Z]/.test(name) ? { mathvariant: 'normal' } : {});
    if (FUNCTIONS.has(name)) return this.el('mi', [name], { mathvariant: 'normal' });
    if (name in SPACES) return this.el('mspace', [], { width: SPACES[name] });
    if (name in OPERATORS) return this.el('mo', [OPERATORS[name]]);
    if (IGNORED.has(name)) return this.el('mrow');
    switch (name) {
      case 'frac': case 'dfrac': case 'tfrac':
        return this.el('mfrac', [this.parseArg(), this.parseArg()]);
      case 'sqrt': {
        this.skipSpace();
        if (this.isChar('[')) {
          this.pos++;
          const idx: Element[] = [];
          while (this.peek() && !this.isChar(']')) { const a = this.parseScripted(); if (a) idx.push(a); this.skipSpace(); }
          this.pos++;
          const arg = this.parseArg();
          return this.el('mroot', [arg, this.el('mrow', idx)]);
        }
        return this.el('msqrt', [this.parseArg()]);
      }
      case 'operatorname': case 'mathrm': case 'textrm': case 'rm':
        return this.el('mi', [this.rawGroup()], { mathvariant: 'normal' });
      case 'text': case 'textit': case 'mbox':
        return this.el('mtext', [this.rawGroup()]);
      case 'mathbf': case 'boldsymbol':
        return this.el('mrow', [this.parseArg()], { style: 'font-weight:bold' });
      case 'left': case 'bigl': {
        const open = this.fence();
        const inner = this.parseRow();
        let close = '';
        if (this.isCmd('right')) { this.pos++; close = this.fence(); }
        // Fences grow only around something tall; stretched around plain text, nested \left(
        // pairs would each come out a size larger than the one inside.
        const stretchy = inner.querySelector('mfrac, mtable, msqrt, mroot') || inner.matches('mfrac, mtable, msqrt, mroot') ? 'true' : 'false';
        const kids: Element[] = [];
        if (open) kids.push(this.el('mo', [open], { stretchy, fence: 'true' }));
        kids.push(inner);
        if (close) kids.push(this.el('mo', [close], { stretchy, fence: 'true' }));
        return this.el('mrow', kids);
      }
      case 'begin':
        return this.environment(this.rawGroup());
      default:
        this.unknown.push(`\\${name}`);
        return this.el('mtext', [`\\${name}`]);
    }
  }

  /** The delimiter after \left or \right ('.' means none). */
  private fence(): string {
    this.skipSpace();
    const t = this.peek();
    if (!t) return '';
    this.pos++;
    if (t.kind === 'char') return t.ch === '.' ? '' : t.ch;
    return OPERATORS[t.name] ?? t.name;
  }

  /** \begin{cases} rows \\ … \end{cases}, and the array-like environments. */
  private environment(env: string): Element {
    if (env === 'array') this.rawGroup(); // the column spec, e.g. {ll}
    const rows: Element[] = [];
    for (;;) {
      const cells: Element[] = [];
      for (;;) {
        const cell = this.parseRow();
        cells.push(this.el('mtd', [cell], { style: 'text-align:left;padding:0.1em 0.6em 0.1em 0' }));
        if (this.isChar('&')) { this.pos++; continue; }
        break;
      }
      rows.push(this.el('mtr', cells));
      if (this.isCmd('\\')) { this.pos++; continue; }
      break;
    }
    if (this.isCmd('end')) { this.pos++; this.rawGroup(); }
    const table = this.el('mtable', rows, { columnalign: 'left' });
    const fences: Record<string, [string, string]> = { cases: ['{', ''], pmatrix: ['(', ')'], bmatrix: ['[', ']'], vmatrix: ['|', '|'] };
    const [open, close] = fences[env] ?? ['', ''];
    if (!(env in fences) && !['array', 'aligned', 'align', 'matrix', 'gathered', 'split'].includes(env)) this.unknown.push(`{${env}}`);
    const kids: Element[] = [];
    if (open) kids.push(this.el('mo', [open], { stretchy: 'true', fence: 'true' }));
    kids.push(table);
    if (close) kids.push(this.el('mo', [close], { stretchy: 'true', fence: 'true' }));
    return this.el('mrow', kids);
  }
}

/** Translates `tex` into a <math> element of `doc`. */
export function texToMathML(tex: string, doc: Document = document, display: 'block' | 'inline' = 'inline'): TexResult {
  const parser = new Parser(tokenize(String(tex)), doc);
  const math = doc.createElementNS(NS, 'math');
  math.setAttribute('display', display);
  math.append(parser.parseRow());
  // Input a row cannot take (an unmatched } or \right) is skipped and reported, never dropped silently.
  while (!parser.done()) {
    parser.skipStray();
    math.append(parser.parseRow());
  }
  return { math, unknown: parser.unknown };
}
