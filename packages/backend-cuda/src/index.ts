export { cudaBackend, activeCudaBackend } from './plugin.js';
export { CudaBackend } from './cuda-backend.js';
export { deviceKernelNames } from './register.js';
export { OPTIONAL_KERNELS } from './optional-kernels.js';
export { hostFallbackCandidates, isHostFallback, watchHostFallbacks } from './host-fallback.js';
export { readBuildInfo } from './native-addon.js';
export type { AllocatorMemory, BuildInfo, FlavourBuildInfo } from './native-addon.js';
