import { startEngine } from '@derand/core';
import { describeBackendConformance } from '@derand/core/testing';
import { describe, expect, it } from 'vitest';
import { activeCudaBackend, cudaBackend } from './plugin.js';

// The backend conformance table on the GPU. Where no GPU is usable every row skips with the
// reason (here: CUDA error 35, no driver). After the table, the allocator must hold exactly
// the device bytes it held before it: no kernel leaks a buffer, not even a temporary.
let liveBytesBefore: number | undefined;

describeBackendConformance([
  {
    id: 'cuda',
    setup: async () => {
      const availability = await cudaBackend.isAvailable();
      if (!availability.ok) return availability.reason;
      await startEngine({ backend: cudaBackend });
      liveBytesBefore = activeCudaBackend()?.allocatorMemory().liveBytes;
      return undefined;
    },
  },
]);

describe('after the conformance table on cuda', () => {
  it('the allocator holds no more device memory than before', async (context) => {
    const availability = await cudaBackend.isAvailable();
    if (!availability.ok) return context.skip(availability.reason ?? 'unavailable');
    expect(liveBytesBefore).toBeDefined();
    expect(activeCudaBackend()?.allocatorMemory().liveBytes).toBe(liveBytesBefore);
  });
});
