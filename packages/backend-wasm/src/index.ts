export { wasmBackend } from './wasm-backend.js';
export { setTransposedMatMulFastPath, transposedMatMulFastPathEnabled } from './transposed-matmul.js';
