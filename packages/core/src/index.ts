export { cpuBackend, silenceCpuNotice } from './engine/cpu-backend.js';
export { ensureGradients, gradientsRegistered } from './engine/gradients.js';
export { expectNoTensorLeak, TensorLeakError } from './engine/leaks.js';
export { registerSecondOrderGradients, SECOND_ORDER_SAFE_KERNELS } from './engine/second-order-gradients.js';
export { BackendUnavailableError, startEngine } from './engine/start-engine.js';
export type { EngineInfo, StartEngineOptions } from './engine/start-engine.js';
export { foldIn, hashString, keyFromJSON, keyFromSeed, keyToJSON, splitKey } from './random/key.js';
export type { RandomKey } from './random/key.js';
export {
  RANDOM_NORMAL_KERNEL,
  RANDOM_UNIFORM_KERNEL,
  randomNormal,
  randomUniform,
  registerHostRandomKernels,
} from './random/kernels.js';
export type { RandomKernelAttrs } from './random/kernels.js';
export { mulhi32, philox4x32 } from './random/philox.js';
export { randomBits, sampleIntegers, sampleNormal, samplePermutation, sampleUniform, uniformFromBits } from './random/sample.js';
export {
  applyUpdates,
  cloneParams,
  countParams,
  disposeParams,
  dotParams,
  flattenParams,
  mapParams,
  paramsFromHost,
  paramsToHost,
  squaredNormParams,
  unflattenParams,
  zipParams,
} from './optim/params.js';
export type { Params } from './optim/params.js';
export type {
  GradientTransformation,
  MinimizeEvent,
  Objective,
  StepSize,
  StopRequest,
  UpdateContext,
  UpdateResult,
} from './optim/types.js';
