import { definePlugin, z } from '@derand/registry';
import { structureConfigSchema } from './config/config.js';
import { lambdaSweepStudy, requireStudy, runStudy, STRUCTURE_STUDIES, withOverrides, type StructureStudyName, type StudyResult } from './presets/studies.js';
import type { StructureResult } from './solver/result.js';
import { trainStructure } from './solver/run-structure-discovery.js';

/**
 * The structure-discovery solver (kind `solver`, id `structure-discovery`): its options schema
 * is {@link structureConfigSchema}; the loss, optimizer, student model and teacher resolve
 * through the context's registry, so a user's plugin of any of those kinds works.
 */
export const structureDiscoverySolver = definePlugin({
  kind: 'solver',
  id: 'structure-discovery',
  summary: 'Train any student on a multi-index teacher with any loss and SOSP optimizer; report ‖W⊥‖, orth fraction, angles, certificate.',
  options: structureConfigSchema,
  source: '@derand/structure-discovery',
  run: async (options, context): Promise<StructureResult> =>
    trainStructure(options, {
      registry: context.registry,
      seed: context.seed,
      emit: context.emit,
      returnParams: options.returnParams,
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    }),
});

const studyOptions = z
  .object({
    study: z.enum(Object.keys(STRUCTURE_STUDIES) as [StructureStudyName, ...StructureStudyName[]]).default('lambda-sweep').meta({ positional: true }).describe('the study: lambda-sweep, bias, losses or depth'),
    lambdas: z.array(z.number().positive()).min(1).optional().meta({ flag: 'lambdas' }).describe('λ values of the lambda-sweep study (when absent: 1e-2 … 1e-6)'),
    overrides: z.record(z.string(), z.unknown()).default({}).meta({ flag: 'overrides' }).describe('structure-discovery options layered over every run of the study, as JSON'),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.lambdas !== undefined && o.study !== 'lambda-sweep') ctx.addIssue({ code: 'custom', path: ['lambdas'], message: 'is only used by the lambda-sweep study', input: o.lambdas });
  });

/**
 * A study (kind `solver`, id `structure-study`): several structure-discovery runs that make one
 * generality claim visible in one figure (λ sweep against the bounds, bias trainable vs frozen,
 * losses, depth).
 */
export const structureStudySolver = definePlugin({
  kind: 'solver',
  id: 'structure-study',
  summary: 'Structure-discovery studies: ‖W⊥‖ against λ with the bounds, bias trainable vs frozen, several losses, depth 2–4.',
  options: studyOptions,
  source: '@derand/structure-discovery',
  run: async (options, context): Promise<StudyResult> => {
    const base = options.study === 'lambda-sweep' && options.lambdas !== undefined ? lambdaSweepStudy(options.lambdas) : requireStudy(options.study);
    const study = withOverrides(base, options.overrides);
    return runStudy(study, { registry: context.registry, seed: context.seed, emit: context.emit, ...(context.signal === undefined ? {} : { signal: context.signal }) });
  },
});

/** Every solver plugin of this package. */
export const structurePlugins = [structureDiscoverySolver, structureStudySolver] as const;
