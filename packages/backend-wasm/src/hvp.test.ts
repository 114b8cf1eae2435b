import { startEngine } from '@derand/core';
import { hvpRelativeError } from '@derand/core/testing';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from './wasm-backend.js';

describe('Hessian–vector products on wasm', () => {
  it('agree with float64 central finite differences within 1e-4 (tanh, sigmoid, softplus, exp)', async () => {
    await startEngine({ backend: wasmBackend });
    for (const seed of [7, 8]) expect(hvpRelativeError(seed)).toBeLessThan(1e-4);
  });
});
