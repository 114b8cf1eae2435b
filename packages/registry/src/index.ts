export { z } from 'zod';
export { closestMatches, editDistance } from './closest.js';
export { DerandError, InputError, formatValue, isDerandError } from './errors.js';
export type { DerandErrorOptions, InputIssue } from './errors.js';
export { definePlugin } from './plugin.js';
export type { Defined } from './plugin.js';
export { completeRegistry } from './complete.js';
export { isPlainObject, mergeOptions } from './merge.js';
export { createPart, partRef, resolvePart } from './parts.js';
export type { PartRef, ResolvedPart } from './parts.js';
export { deadlineSignal, runSolver } from './solve.js';
export { forwardHostFallbacks, hostFallbackMessage } from './host-fallback-events.js';
export { jsonErrorLine } from './json-error-line.js';
export type { RunSpec } from './solve.js';
export type {
  AnyPlugin,
  AnyRegistry,
  Availability,
  BackendContract,
  BackendPlugin,
  BuiltinKind,
  ContractFor,
  CreateContext,
  FactoryContract,
  FactoryKind,
  FileAccess,
  LossPlugin,
  ModelPlugin,
  OptimizerPlugin,
  PluginBase,
  PluginSummary,
  SolverContext,
  SolverContract,
  SolverEvent,
  SolverPlugin,
} from './plugin.js';
export {
  createRegistry,
  DuplicatePluginError,
  issuesFromZod,
  jsonSchemaOf,
  toJsonSchema,
  PluginOptionsError,
  PluginSchemaError,
  UnknownPluginError,
} from './registry.js';
export type { IdsOf, KindOf, OfKind, OptionsOf, PluginById, Registry } from './registry.js';
export type { JsonSchemaNode } from './json-schema-node.js';
