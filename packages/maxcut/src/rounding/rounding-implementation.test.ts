import { describe, expect, it } from 'vitest';
import { HOST_MEMORY_BACKENDS, resolveRoundingImplementation } from './rounding-implementation.js';

describe('resolveRoundingImplementation', () => {
  it('chooses the host pass where tensors live in host memory and tensor ops on every other backend', () => {
    expect(HOST_MEMORY_BACKENDS).toEqual(['cpu', 'wasm']);
    expect(resolveRoundingImplementation('auto', 'wasm')).toBe('host');
    expect(resolveRoundingImplementation('auto', 'cpu')).toBe('host');
    expect(resolveRoundingImplementation('auto', 'cuda')).toBe('tensor');
    expect(resolveRoundingImplementation('auto', 'cuda-emulator')).toBe('tensor');
    expect(resolveRoundingImplementation('auto', 'webgl')).toBe('tensor');
  });

  it('keeps an explicit choice whatever the backend', () => {
    expect(resolveRoundingImplementation('tensor', 'wasm')).toBe('tensor');
    expect(resolveRoundingImplementation('host', 'cuda')).toBe('host');
  });
});
