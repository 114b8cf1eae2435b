/**
 * Kernels the packages run only where a backend registers them, with stock ops everywhere else,
 * so the cuda backend need not implement them: there the stock ops run on the device.
 * - `DerandSoftplusWithDerivative`: `@derand/backend-wasm`'s vectorised softplus and σ, which
 *   `@derand/models` uses in the fused MLP pass only where the active backend has it (decision
 *   record 0803).
 * - `DerandDistortionSmoothMax`: `@derand/backend-wasm`'s smooth max of the JL distortions and its
 *   weights, which `@derand/jl`'s fused first-order pass uses where the active backend has it
 *   (decision record 0804).
 * - `DerandPairHeadStart`, `DerandPairHeadJoin`: `@derand/backend-wasm`'s JL exact-pairs head on a
 *   worker thread, registered in Node with two cores only; `@derand/jl` computes every sample
 *   itself elsewhere (decision record 0808).
 * - `DerandThreadMatMulStart`, `DerandThreadMatMulJoin`: the same worker's matmul, with which
 *   `@derand/jl` moves the worker's samples' noise projections off the main thread where the pair
 *   head runs there (decision record 0810).
 */
export const OPTIONAL_KERNELS: readonly string[] = ['DerandSoftplusWithDerivative', 'DerandDistortionSmoothMax', 'DerandPairHeadStart', 'DerandPairHeadJoin', 'DerandThreadMatMulStart', 'DerandThreadMatMulJoin'];
