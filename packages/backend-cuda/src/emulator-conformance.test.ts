import { startEngine } from '@derand/core';
import { describeBackendConformance } from '@derand/core/testing';
import { describe, expect, it } from 'vitest';
import { cudaEmulatorBackend } from './emulator.js';
import { activeCudaBackend } from './plugin.js';

// The conformance table on the cuda backend's kernels compiled for the host: every kernel's
// index arithmetic, dtype handling and reduction strategy is checked here without a GPU,
// and afterwards the allocator must hold exactly the device bytes it held before.
let liveBytesBefore: number | undefined;

describeBackendConformance([
  {
    id: 'cuda-emulator',
    setup: async () => {
      const availability = await cudaEmulatorBackend.isAvailable();
      if (!availability.ok) return availability.reason;
      await startEngine({ backend: cudaEmulatorBackend });
      liveBytesBefore = activeCudaBackend()?.allocatorMemory().liveBytes;
      return undefined;
    },
  },
]);

describe('after the conformance table on cuda-emulator', () => {
  it('the allocator holds no more device memory than before', async (context) => {
    const availability = await cudaEmulatorBackend.isAvailable();
    if (!availability.ok) return context.skip(availability.reason ?? 'unavailable');
    expect(liveBytesBefore).toBeDefined();
    expect(activeCudaBackend()?.allocatorMemory().liveBytes).toBe(liveBytesBefore);
  });
});
