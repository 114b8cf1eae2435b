export { cpuBackend, silenceCpuNotice } from './engine/cpu-backend.js';
export { ensureGradients, gradientsRegistered } from './engine/gradients.js';
export { expectNoTensorLeak, TensorLeakError } from './engine/leaks.js';
export { registerSecondOrderGradients, SECOND_ORDER_SAFE_KERNELS } from './engine/second-order-gradients.js';
export { BackendUnavailableError, startEngine } from './engine/start-engine.js';
export { registerEnvironmentBackend, startEngineFromEnvironment } from './engine/environment-engine.js';
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
} from './params/params.js';
export type { Params } from './params/params.js';
export type {
  GradientTransformation,
  PlainAdam,
  LemmaMetadata,
  MinimizeEvent,
  Objective,
  StepSize,
  StopRequest,
  UpdateContext,
  UpdateResult,
} from './params/types.js';
export { hessianDescent } from './optim/hessian-descent.js';
export type { HessianDescentOptions, HessianDescentState } from './optim/hessian-descent.js';
export { minimize, NonFiniteError } from './optim/minimize.js';
export type { MinimizeOptions, MinimizeRecord, MinimizeResult } from './optim/minimize.js';
export { adam, AUTHORS_PERTURBATION, authorsPerturbation, gradientDescent, sgdMomentum } from './optim/optimizers.js';
export type { FirstOrderOptions, GroupSettings, PerturbationOptions } from './optim/optimizers.js';
export {
  assertGroupNames,
  checkGroupNames,
  groupReferences,
  groupSettingsSchema,
  optimizerBaseShape,
  perturbSchema,
  resolveStepSizes,
} from './optim/optimizer-options.js';
export type { StepSizeOptions } from './optim/optimizer-options.js';
export { geometricSchedule, scaleStepSize, scheduleSchema, stepSizeSchema, toStepSize } from './optim/schedules.js';
export type { ScheduleSpec, StepSizeSpec } from './optim/schedules.js';
export { perturbedGradientDescent, perturbedSgd, pgdThresholds } from './optim/perturbed-gradient-descent.js';
export type { PerturbedGradientDescentOptions, PgdDerivedOptions, PgdGroups, PgdState, PgdThresholds } from './optim/perturbed-gradient-descent.js';
export { optimizerPlugins } from './optim/plugins.js';
export { disposeReplaced, disposeState, keepAll, tensorsIn, tidyKeep } from './optim/state.js';
export {
  addDecayedWeights,
  addNoise,
  chain,
  freeze,
  perGroup,
  scale,
  scaleByAdam,
  ADAM_DEFAULTS,
  scaleByLearningRate,
  stepSizeAt,
  traceMomentum,
} from './optim/transforms.js';
export type { AddNoiseOptions, AdamState, NoiseTrigger } from './optim/transforms.js';
export { certifySecondOrder, DEFAULT_CERTIFICATE_RHO, sospSummary } from './certificate/certify.js';
export { lemmaBound } from './certificate/lemma-bound.js';
export type { LemmaBound } from './certificate/lemma-bound.js';
export { addPenalty, addPenaltyGradient } from './objective/penalty.js';
export { estimateHessianLipschitz, hessianOperator } from './curvature/hessian-operator.js';
export type { Layout } from './curvature/hessian-operator.js';
export type { CertifyOptions, SecondOrderCertificate, SospSummary } from './certificate/certify.js';
export { finiteDifferenceHvp, gradientOf, hessianVectorProduct } from './curvature/hessian-vector-product.js';
export { derandomizedObjective } from './objective/derandomized-objective.js';
export type { DerandomizedObjectiveOptions, Expectation, NoiseFactor } from './objective/derandomized-objective.js';
export { curvatureBound } from './objective/curvature-bound.js';
export { gaussHermite, gaussHermiteGrid } from './objective/gauss-hermite.js';
export { runLemmaCheck } from './objective/lemma-check.js';
export type { LemmaCheckOptions, LemmaCheckResult } from './objective/lemma-check.js';
export { randomSmoothFunction } from './objective/random-smooth-function.js';
export { randomMlpFunction, randomMlpOptionsSchema, smoothFunctionPlugins } from './objective/smooth-function.js';
export type { SmoothFunction, SmoothG } from './objective/smooth-function.js';
export type { RandomSmoothFunctionOptions, SmoothActivation } from './objective/random-smooth-function.js';
export { smoothRelu, toyCurves, toyMinimizer } from './objective/toy.js';
export type { ToyMinimum, ToyOptions } from './objective/toy.js';
export { valueAndGradsOrZeros } from './params/gradients.js';
export { coreSolvers, LEMMA_MAX_NODES, lemmaOptionsSchema, lemmaSolver, TOY_LAMBDAS, toyOptionsSchema, toySolver } from './solvers/index.js';
export type { LemmaOptions, LemmaResult, LemmaRun, ToyResult, ToyRow } from './solvers/index.js';
