export { z } from 'zod';
export { closestMatches, editDistance } from './closest.js';
export { DerandError, InputError, formatValue, isDerandError } from './errors.js';
export type { DerandErrorOptions, InputIssue } from './errors.js';
export { definePlugin } from './plugin.js';
export type { Defined } from './plugin.js';
export type {
  AnyPlugin,
  AnyRegistry,
  Availability,
  BackendContract,
  BackendPlugin,
  BuiltinKind,
  ContractFor,
  FactoryContract,
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
  PluginOptionsError,
  UnknownPluginError,
} from './registry.js';
export type { IdsOf, KindOf, OfKind, OptionsOf, PluginById, Registry } from './registry.js';
