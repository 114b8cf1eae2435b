import { z } from '@derand/registry';
import { defineCommand } from './spec.js';

const timestamp = (): string => new Date().toISOString().replace(/[:]/g, '-').replace(/\..+$/, '');

export const reproduceCommand = defineCommand({
  name: 'reproduce',
  summary: "Run the paper's experiments (lemma, toy, structure discovery, MAXCUT, JL) and write an HTML report with figures plus results.json.",
  examples: ['derand reproduce --quick', 'derand reproduce --out runs/full', 'derand reproduce --out runs/full --resume', 'derand reproduce --quick --only lemma,toy --json'],
  options: z
    .object({
      quick: z.boolean().default(false).describe('smaller instances and fewer steps (about 3 minutes on 2 cores)'),
      out: z.string().min(1).optional().describe('output folder (when absent: runs/<timestamp>)'),
      resume: z.boolean().default(false).describe('continue an interrupted run in --out from its checkpoint'),
      only: z.array(z.string().min(1)).optional().describe('run only these experiments (comma-separated ids; see --list)'),
      list: z.boolean().default(false).describe('list the experiments and their expected durations, then exit'),
      skipMissing: z.boolean().default(false).describe('report an experiment whose data files are found neither in DERAND_DATA_DIR nor among the shipped instances as skipped, instead of failing'),
      dryRun: z.boolean().default(false).describe("validate every experiment's solver runs and print them (each pasteable into `derand run`), then exit"),
    })
    .strict(),
  run: async (options, { io, registry, common }) => {
    const { DerandError, closestMatches } = await import('@derand/registry');
    const { experiments: all } = await import('../reproduce/experiments/index.js');
    const quick = options.quick;
    if (options.list) {
      io.result(
        { experiments: all.map((e) => ({ id: e.id, section: e.section, title: e.title, expectedSeconds: quick ? e.expectedSeconds[0] : e.expectedSeconds[1], runs: e.runs({ quick, seed: common.seed }) })) },
        (r) => r.experiments.map((e) => `${e.id.padEnd(22)} ~${String(Math.round(e.expectedSeconds)).padStart(4)} s  ${e.title}`).join('\n'),
      );
      return;
    }
    let selected = all;
    if (options.only !== undefined) {
      const ids = options.only;
      const unknown = ids.filter((id) => !all.some((e) => e.id === id));
      if (unknown.length > 0) {
        const hints = unknown.map((id) => `'${id}'${closestMatches(id, all.map((e) => e.id)).length > 0 ? ` (did you mean ${closestMatches(id, all.map((e) => e.id)).join(', ')}?)` : ''}`);
        throw new DerandError('BAD_FLAG', `--only names unknown experiments: ${hints.join(', ')}. Experiments: ${all.map((e) => e.id).join(', ')}.`);
      }
      selected = all.filter((e) => ids.includes(e.id));
    }
    if (options.dryRun) {
      const { dataDir } = await import('@derand/core/node');
      const runs = selected.map((e) => ({ id: e.id, runs: e.runs({ quick, seed: common.seed, dataDir: dataDir() }) }));
      const issues = runs.flatMap(({ id, runs: specs }) =>
        Object.entries(specs).flatMap(([label, spec]) => {
          try {
            registry.parseOptions('solver', spec.solver, spec.options);
            return [];
          } catch (error) {
            return [{ where: `${id} ${label}`, message: error instanceof Error ? error.message : String(error) }];
          }
        }),
      );
      if (issues.length > 0) throw new (await import('@derand/registry')).InputError('BAD_EXPERIMENT', 'Experiments with invalid solver runs:', issues);
      io.result({ seed: common.seed, backend: common.backend, quick, experiments: runs }, (r) => JSON.stringify(r, null, 2));
      return;
    }
    if (options.resume && options.out === undefined) throw new DerandError('BAD_FLAG', '--resume needs --out <dir>: the folder of the run to continue.');
    const expected = selected.reduce((s, e) => s + (quick ? e.expectedSeconds[0] : e.expectedSeconds[1]), 0);
    io.log(`${selected.length} experiments, expected duration about ${expected < 120 ? `${Math.round(expected)} s` : `${Math.round(expected / 60)} min`} on a 2-core machine (${common.backend}).`);
    const [{ startEngine }, { dataDir }, { runReproduce }] = await Promise.all([import('@derand/core'), import('@derand/core/node'), import('../reproduce/run-reproduce.js')]);
    const engine = await startEngine({ backend: common.backend, registry });
    const { whileInterruptible } = await import('../interrupt.js');
    const summary = await whileInterruptible('stopping after the current run; the checkpoint keeps every finished experiment', (signal) =>
      runReproduce({
        experiments: selected,
        out: options.out ?? `runs/${timestamp()}`,
        resume: options.resume,
        seed: common.seed,
        backend: engine.backend,
        backendDetails: engine.availability.details ?? {},
        quick,
        io,
        registry,
        dataDir: dataDir(),
        skipMissing: options.skipMissing,
        signal,
      }),
    );
    io.result(summary, (s) =>
      [
        `report: ${s.report}`,
        `results: ${s.results}`,
        `experiments: ${s.experiments.length}, ${s.totalSeconds.toFixed(1)} s of compute; skipped: ${s.skipped.length === 0 ? 'none' : s.skipped.join(', ')}`,
        `claims: ${s.claims.held} of ${s.claims.checked} held${s.claims.notHeld.length === 0 ? '' : `; not held: ${s.claims.notHeld.join('; ')}`}`,
      ].join('\n'),
    );
  },
});
