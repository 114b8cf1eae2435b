export { defineActivation } from './activations/activation.js';
export type { Activation } from './activations/activation.js';
export { gelu } from './activations/gelu.js';
export { hermite, hermiteCoefficients } from './activations/hermite.js';
export { cubic, differentiateCoefficients, linear, polynomial, quadratic } from './activations/polynomial.js';
export { relu } from './activations/relu.js';
export { ACTIVATION_IDS, activationSpecSchema, resolveActivation } from './activations/resolve-activation.js';
export { activationPlugins } from './activations/plugins.js';
export type { ActivationPluginExtras } from './activations/plugins.js';
export type { ActivationId, ActivationSpec } from './activations/resolve-activation.js';
export { sigmoid } from './activations/sigmoid.js';
export { silu } from './activations/silu.js';
export { SOFTPLUS_WITH_DERIVATIVE, softplus } from './activations/softplus.js';
export { tanh } from './activations/tanh.js';
export {
  INITIALIZER_SCHEMES,
  initializerDistribution,
  initializerSpecSchema,
  initializerValues,
  initializeTensor,
} from './init/initializers.js';
export type { InitContext, InitializerScheme, InitializerSpec } from './init/initializers.js';
export { biasName, checkInput, createMlp, describeMlp, lookupParam, weightName } from './mlp/mlp.js';
export type { Mlp, MlpLayer } from './mlp/mlp.js';
export { mlpValueAndGradients } from './mlp/mlp-gradients.js';
export type { MlpValueAndGradients, PredictionLoss } from './mlp/mlp-gradients.js';
export { deepSpec, layerSpecSchema, mlpSpecSchema, parseMlpSpec, twoLayerSpec } from './mlp/mlp-spec.js';
export type { DeepOptions, LayerSpec, MlpSpec, NormalizedMlpSpec, TwoLayerOptions } from './mlp/mlp-spec.js';
export { mlpModel, modelPlugins, multiIndexTeacher } from './plugins.js';
export type { ModelFactory } from './plugins.js';
export { orthonormalizeRows, randomOrthonormalRows } from './teachers/orthonormal.js';
export { createTeacher, parseTeacherSpec, teacherSpecSchema } from './teachers/teacher.js';
export type { NormalizedTeacherSpec, Teacher, TeacherSpec } from './teachers/teacher.js';
