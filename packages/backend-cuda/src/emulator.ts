import { createCudaPlugin } from './plugin.js';

/**
 * The cuda backend with its addon built for the host: the same kernel sources compiled by a
 * C++ compiler and run by a block scheduler with real barriers (native/src/emulator.cc). Slow;
 * it exists so that every kernel and the whole backend are tested on machines without a GPU.
 */
export const cudaEmulatorBackend = createCudaPlugin(
  'cuda-emulator',
  'emulator',
  0,
  'The cuda backend\'s kernels run on the host by an emulator (tests without a GPU; slow).',
);
