import { startEngine } from '@derand/core';
import { describeBackendConformance } from '@derand/core/testing';
import { wasmBackend } from './wasm-backend.js';

// The backend conformance table on the reference backend and on wasm (with the
// transposed-matmul fast path on, as shipped).
describeBackendConformance([
  {
    id: 'cpu',
    setup: async () => {
      await startEngine({ backend: 'cpu' });
      return undefined;
    },
  },
  {
    id: 'wasm',
    setup: async () => {
      const availability = await wasmBackend.isAvailable();
      if (!availability.ok) return availability.reason;
      await startEngine({ backend: wasmBackend });
      return undefined;
    },
  },
]);
