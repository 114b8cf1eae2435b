export { wasmBackend } from './wasm-backend.js';
export { setTransposedMatMulFastPath, transposedMatMulFastPathEnabled } from './transposed-matmul.js';
export { SOFTPLUS_WITH_DERIVATIVE, softplusWithDerivative } from './kernels/SoftplusWithDerivative.js';
export { SMALL_MATMUL_LIMIT, setSmallMatMul } from './kernels/SmallMatMul.js';
export { PAIR_HEAD_JOIN, PAIR_HEAD_START, pairHeadFallback, THREAD_MATMUL_JOIN, THREAD_MATMUL_START } from './pair-head/pair-head-threads.js';
export { DISTORTION_SMOOTH_MAX } from './kernels/DistortionSmoothMax.js';
