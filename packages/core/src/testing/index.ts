export { conformanceCases } from './conformance-cases.js';
export type { CaseInput, ConformanceCase } from './conformance-cases.js';
export { describeBackendConformance, runConformanceCase, runRandomConformance } from './conformance-suite.js';
export type { ConformanceTarget } from './conformance-suite.js';
export * as nd from './ndarray.js';
export { NdArray } from './ndarray.js';
export { addTestBackend, startTestEngine } from './test-engine.js';
export { HVP_CHECK_PARAMETERS, hvpCheckObjective, hvpCheckPoint, hvpRelativeError, referenceHvp, referenceValue } from './hvp-check.js';
