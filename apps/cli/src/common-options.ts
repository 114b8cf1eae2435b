import { z } from '@derand/registry';

/** Options every command takes (their one definition; the CLI adds them as flags). */
export const commonOptionsSchema = z
  .object({
    json: z.boolean().default(false).describe('print the result as JSON on stdout (logs stay on stderr)'),
    quiet: z.boolean().default(false).meta({ short: 'q' }).describe('no progress or logs on stderr'),
    backend: z.string().min(1).default('wasm').meta({ arg: 'id' }).describe('compute backend (see `derand backends`)'),
    seed: z.number().int().min(0).max(2 ** 53 - 1).default(0).describe('root seed of the run; the same seed reproduces the run'),
    config: z.string().min(1).optional().meta({ arg: 'file' }).describe('read options from a JSON or YAML file (flags given here override it)'),
    plugin: z.array(z.string().min(1)).default([]).meta({ arg: 'file' }).describe('load user plugins from an ES module (comma list, repeatable); see `derand plugins`'),
  })
  .strict();
export type CommonOptionValues = z.output<typeof commonOptionsSchema>;

/** Options every solver command takes besides the common ones. */
export const solverRunOptionsSchema = z
  .object({
    dryRun: z.boolean().default(false).describe('print the fully resolved, validated configuration as JSON and exit without computing'),
    timeLimit: z.number().positive().optional().describe('stop the run cleanly after this many seconds and return the best result so far, marked as stopped early'),
  })
  .strict();
export type SolverRunOptionValues = z.output<typeof solverRunOptionsSchema>;
