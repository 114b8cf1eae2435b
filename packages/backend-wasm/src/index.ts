export { wasmBackend } from './wasm-backend.js';
export { setTransposedMatMulFastPath, transposedMatMulFastPathEnabled } from './transposed-matmul.js';
export { SOFTPLUS_WITH_DERIVATIVE, softplusWithDerivative } from './kernels/SoftplusWithDerivative.js';
export { DISTORTION_SMOOTH_MAX } from './kernels/DistortionSmoothMax.js';
