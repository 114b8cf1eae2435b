export { wasmBackend } from './wasm-backend.js';
export { setTransposedMatMulFastPath, transposedMatMulFastPathEnabled } from './transposed-matmul.js';
export { SOFTPLUS_WITH_DERIVATIVE, softplusWithDerivative } from './kernels/SoftplusWithDerivative.js';
export { SMALL_MATMUL_LIMIT, setSmallMatMul } from './kernels/SmallMatMul.js';
export { DISTORTION_SMOOTH_MAX } from './kernels/DistortionSmoothMax.js';
