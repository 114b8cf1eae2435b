import { gaussHermite } from './gauss-hermite.js';

/** ReLU_ι(z) = (1/ι)·log(1 + e^{ιz}), the smooth ReLU with sharpness ι (paper §4.2). */
export function smoothRelu(z: number, iota: number): number {
  const t = iota * z;
  return (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t))) / iota;
}

export interface ToyOptions {
  /** Sharpness ι of the smooth ReLU (default 10). */
  readonly iota?: number;
  /** Gauss–Hermite points for E_x (default 80). */
  readonly quadraturePoints?: number;
  /** Search box for w and b (default [−3, 3]). */
  readonly box?: number;
}

export interface ToyMinimum {
  readonly lambda: number;
  readonly bias: 'frozen' | 'trainable';
  readonly wStar: number;
  readonly bStar: number;
  readonly value: number;
}

/**
 * The paper's toy example (Figs. 1–2): one smooth ReLU³ neuron fitting the constant 1,
 *   h(w, b) = E_{x~N(0,1)}[(ReLU_ι(wx + b)³ − 1)²] + λw²,
 * minimised globally over w (b frozen at 0) or over (w, b) (b trainable): a grid search over
 * the box followed by coordinate golden-section refinement, with E_x by Gauss–Hermite
 * quadrature in float64. Frozen b needs a large λ before w* = 0; trainable b gives w* = 0 for
 * tiny λ (b* → 1 absorbs the constant).
 */
export function toyMinimizer(lambda: number, bias: 'frozen' | 'trainable', options: ToyOptions = {}): ToyMinimum {
  const iota = options.iota ?? 10;
  const { nodes, weights } = gaussHermite(options.quadraturePoints ?? 80);
  const box = options.box ?? 3;
  const h = (w: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < nodes.length; i++) {
      const r = smoothRelu(w * nodes[i]! + b, iota);
      s += weights[i]! * (r * r * r - 1) ** 2;
    }
    return s + lambda * w * w;
  };
  const grid = 121;
  let best = { w: 0, b: 0, value: h(0, 0) };
  const bValues = bias === 'frozen' ? [0] : Array.from({ length: grid }, (_, i) => -box + (2 * box * i) / (grid - 1));
  for (let i = 0; i < grid; i++) {
    const w = -box + (2 * box * i) / (grid - 1);
    for (const b of bValues) {
      const value = h(w, b);
      if (value < best.value) best = { w, b, value };
    }
  }
  const golden = (f: (x: number) => number, lo: number, hi: number): number => {
    const phi = (Math.sqrt(5) - 1) / 2;
    let a = lo;
    let c = hi;
    for (let k = 0; k < 80; k++) {
      const x1 = c - phi * (c - a);
      const x2 = a + phi * (c - a);
      if (f(x1) < f(x2)) c = x2;
      else a = x1;
    }
    return (a + c) / 2;
  };
  const step = (2 * box) / (grid - 1);
  let { w, b } = best;
  for (let round = 0; round < 30; round++) {
    w = golden((x) => h(x, b), w - step, w + step);
    if (bias === 'trainable') b = golden((x) => h(w, x), b - step, b + step);
  }
  const value = h(w, b);
  return value <= best.value ? { lambda, bias, wStar: w, bStar: b, value } : { lambda, bias, wStar: best.w, bStar: best.b, value: best.value };
}

/** w*(λ) for both bias settings over a λ grid (the data of Figs. 1–2). */
export function toyCurves(lambdas: readonly number[], options: ToyOptions = {}): ToyMinimum[] {
  return (['frozen', 'trainable'] as const).flatMap((bias) => lambdas.map((lambda) => toyMinimizer(lambda, bias, options)));
}
