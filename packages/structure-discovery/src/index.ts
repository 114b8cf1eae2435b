export {
  certificateSchema,
  dataSchema,
  lambdaGroupsOf,
  parseStructureConfig,
  resolveGroupAlias,
  structureConfigSchema,
  studentGroups,
  studentSchema,
  studentSpec,
  teacherSpec,
} from './config/config.js';
export type { NormalizedStructureConfig, StructureConfig } from './config/config.js';
export { principalAngles, subspaceMetrics } from './metrics/subspace-metrics.js';
export type { SubspaceMetrics } from './metrics/subspace-metrics.js';
export { createDataSource } from './objective/data.js';
export type { Batch, DataSource, DataSpec } from './objective/data.js';
export { structureObjective } from './objective/structure-objective.js';
export type { StructureObjective, StructureObjectiveOptions } from './objective/structure-objective.js';
export { deepPreset, meanFieldStepSizes, multiIndexPreset, paperFig3Preset, STRUCTURE_PRESETS, structurePreset } from './presets/presets.js';
export { ALL_GROUPS, stepSizesSchema } from './config/step-sizes.js';
export type { StructurePresetName } from './presets/presets.js';
export { logSpacedSteps } from './solver/log-spaced.js';
export { structureRegistry } from './solver/registry.js';
export type { StructureCertificate, StructureHistoryRow, StructureResult, StructureTrajectory } from './solver/result.js';
export { runStructureDiscovery, trainStructure } from './solver/run-structure-discovery.js';
export type { StructureRunContext } from './solver/run-structure-discovery.js';
export { structureDiscoverySolver, structurePlugins, structureStudySolver } from './plugin.js';
export { biasStudy, depthStudy, lambdaSweepStudy, lossStudy, requireStudy, runStudy, STRUCTURE_STUDIES, structureStudy, withOverrides } from './presets/studies.js';
export type { StructureStudy, StructureStudyName, StudyResult, StudyRun } from './presets/studies.js';
export { certifyStructure } from './solver/certify-structure.js';
export { coordinatesOf, hostParams, pickNeurons } from './solver/trajectory.js';
