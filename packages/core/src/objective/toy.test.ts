import { describe, expect, it } from 'vitest';
import { gaussHermite } from './gauss-hermite.js';
import { smoothRelu, toyMinimizer } from './toy.js';

describe('Gauss–Hermite for N(0, 1)', () => {
  it('integrates Gaussian moments exactly up to degree 2q − 1', () => {
    const { nodes, weights } = gaussHermite(6);
    const moment = (p: number): number => nodes.reduce((s, x, i) => s + weights[i]! * x ** p, 0);
    expect(moment(0)).toBeCloseTo(1, 12);
    expect(moment(2)).toBeCloseTo(1, 12);
    expect(moment(4)).toBeCloseTo(3, 11);
    expect(moment(6)).toBeCloseTo(15, 10);
    expect(moment(10)).toBeCloseTo(945, 7);
    expect(moment(3)).toBeCloseTo(0, 12);
  });
});

describe('the toy neuron (paper Figs. 1–2)', () => {
  it('with the bias frozen at 0 keeps w* ≈ (E[r³]/E[r⁶])^{1/3} for small λ (closed form for sharp ReLU)', () => {
    // ReLU_ι → ReLU as ι → ∞: E[relu(x)³] = 2/√(2π), E[relu(x)⁶] = 15/2
    const wClosed = Math.cbrt((2 / Math.sqrt(2 * Math.PI)) / 7.5);
    const m = toyMinimizer(1e-6, 'frozen', { iota: 200 });
    expect(Math.abs(m.wStar)).toBeCloseTo(wClosed, 2);
  });

  it('needs a large λ for w* = 0 when the bias is frozen, and only a tiny one when it is trainable', () => {
    expect(Math.abs(toyMinimizer(1e-2, 'frozen').wStar)).toBeGreaterThan(0.3);
    expect(Math.abs(toyMinimizer(10, 'frozen').wStar)).toBeLessThan(1e-6);
    const trainable = toyMinimizer(1e-4, 'trainable');
    expect(Math.abs(trainable.wStar)).toBeLessThan(1e-3);
    // b* solves ReLU_ι(b)³ = 1, i.e. b ≈ 1
    expect(smoothRelu(trainable.bStar, 10) ** 3).toBeCloseTo(1, 3);
    expect(trainable.value).toBeLessThan(1e-6);
  });
});
