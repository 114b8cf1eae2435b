import { z } from '@derand/registry';
import { defineCommand, type CommandSpec } from './spec.js';

/** Flags that choose the plot, shared by `derand sweep` and `derand sweep status`. */
const plotFlags = {
  metric: z.string().min(1).optional().describe('metric of the summary table and the plot (overrides plot.metric of the grid file)'),
  x: z.string().min(1).optional().describe('grid parameter on the plot’s x axis (overrides plot.x)'),
  series: z.string().min(1).optional().describe('grid parameter drawn as one line per value (overrides plot.series)'),
};

export const sweepStatusCommand = defineCommand({
  name: 'status',
  summary: 'Where a sweep stands; collects the results of ended runs (from Redis with --queue) and writes its summary.',
  examples: ['derand sweep status 3f2a9c01b7de --queue redis://10.0.0.5:6379', 'derand sweep status 3f2a9c01b7de --out runs/sweeps/lambda --json'],
  options: z
    .object({
      sweepId: z.string().regex(/^[0-9a-f]{12}$/, 'a sweep id is 12 hex digits, as derand sweep prints it').meta({ positional: true }).describe('the sweep id derand sweep printed'),
      queue: z.string().min(1).optional().meta({ arg: 'url' }).describe('redis://host:port of the queue the sweep was enqueued on'),
      out: z.string().min(1).optional().describe('output folder to collect into (when absent: runs/sweeps/<sweep name>)'),
      ...plotFlags,
    })
    .strict(),
  run: async (options, { io }) => {
    const [{ sweepStatus }, { choosePlot }, { summaryMarkdown }] = await Promise.all([import('../sweep/sweep-status.js'), import('../sweep/sweep-plot.js'), import('../sweep/sweep-summary.js')]);
    if (options.queue !== undefined) await (await import('../sweep/queue-connection.js')).checkRedis(options.queue);
    const status = await sweepStatus(options.sweepId, {
      ...(options.queue === undefined ? {} : { queue: options.queue }),
      ...(options.out === undefined ? {} : { out: options.out }),
      plot: (manifest) => choosePlot(manifest.plot, options, manifest),
      io,
    });
    io.result(status, (s) =>
      [
        `sweep ${s.name} (${s.sweepId}): ${Object.entries(s.states).map(([state, n]) => `${n} ${state}`).join(', ')}`,
        '',
        summaryMarkdown(s.summary).trimEnd(),
        '',
        `results: ${s.results}`,
        `summary: ${s.markdown}`,
        ...(s.svg === undefined ? [] : [`plot: ${s.svg}`]),
      ].join('\n'),
    );
  },
});

export const sweepCommand = defineCommand({
  name: 'sweep',
  summary: 'Run a grid of any solver’s configurations: on local worker threads, or through a BullMQ (Redis) queue for `derand worker` processes on any machines.',
  examples: [
    'derand sweep examples/sweeps/structure-lambda.yaml',
    'derand sweep grid.yaml --workers 2 --metric orthFraction --x lambda --series k',
    'derand sweep grid.yaml --dry-run',
    'derand sweep grid.yaml --queue redis://10.0.0.5:6379',
    'derand sweep status 3f2a9c01b7de --queue redis://10.0.0.5:6379',
  ],
  options: z
    .object({
      grid: z.string().min(1).meta({ positional: true }).describe('grid file (YAML or JSON): solver, options, grid, runs, repeats, plot; see examples/sweeps/'),
      out: z.string().min(1).optional().describe('output folder: sweep.json, results.jsonl, summary.md/json, plot.svg (when absent: runs/sweeps/<sweep name>)'),
      workers: z.number().int().min(1).max(4096).optional().describe('local worker threads (when absent: the number of cores)'),
      queue: z.string().min(1).optional().meta({ arg: 'url' }).describe('redis://host:port: enqueue the runs on BullMQ for `derand worker` processes instead of running them here'),
      attempts: z.number().int().min(1).max(100).default(3).describe('queue: attempts per run before it is reported failed'),
      backoff: z.number().min(0).max(86_400).default(1).describe('queue: seconds before a failed run’s first retry, doubling with each retry'),
      detach: z.boolean().default(false).describe('queue: enqueue and exit; collect later with `derand sweep status <sweep-id>`'),
      ...plotFlags,
      dryRun: z.boolean().default(false).describe('print every run (run id, seed, parameters, resolved options) as JSON and exit'),
    })
    .strict(),
  subcommands: [sweepStatusCommand as unknown as CommandSpec],
  run: async (options, { io, registry, common }) => {
    const { DerandError } = await import('@derand/registry');
    if (options.queue === undefined && options.detach) throw new DerandError('BAD_FLAG', '--detach leaves queued runs to the workers: add --queue redis://host:port, or leave it out.');
    if (options.queue !== undefined && options.workers !== undefined) {
      throw new DerandError('BAD_FLAG', "--workers sizes the local pool; with --queue the runs go to `derand worker` processes (size each with its --concurrency).");
    }
    const [{ readGridFile }, { planSweep }, { choosePlot }] = await Promise.all([import('../sweep/grid-file.js'), import('../sweep/plan-sweep.js'), import('../sweep/sweep-plot.js')]);
    const grid = await readGridFile(options.grid);
    const plan = planSweep(grid, { registry, seed: common.seed, backend: common.backend, cwd: process.cwd() });
    const plot = choosePlot(plan.plot, options, plan);
    if (options.dryRun) {
      io.result(
        {
          sweep: { sweepId: plan.sweepId, name: plan.name, file: plan.file, seed: plan.seed, backend: plan.backend, runs: plan.runs.length, parameters: plan.parameters, plugins: plan.plugins, versions: plan.versions, ...(plot === undefined ? {} : { plot }) },
          runs: plan.runs,
        },
        (value) => JSON.stringify(value, null, 2),
      );
      return 0;
    }
    if (options.queue !== undefined) await (await import('../sweep/queue-connection.js')).checkRedis(options.queue);
    const [{ runSweep }, { defaultOut }, { summaryMarkdown }] = await Promise.all([import('../sweep/run-sweep.js'), import('../sweep/sweep-status.js'), import('../sweep/sweep-summary.js')]);
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    if (options.queue !== undefined) process.once('SIGINT', onSignal);
    let outcome;
    try {
      outcome = await runSweep(plan, {
        out: options.out ?? defaultOut(plan.name),
        ...(options.workers === undefined ? {} : { workers: options.workers }),
        ...(options.queue === undefined ? {} : { queue: { url: options.queue, attempts: options.attempts, backoffSeconds: options.backoff, detach: options.detach } }),
        cwd: process.cwd(),
        ...(plot === undefined ? {} : { plot }),
        io,
        signal: stop.signal,
      });
    } finally {
      process.off('SIGINT', onSignal);
    }
    const { summary: _summary, ...shown } = outcome;
    io.result({ ...shown, ...(outcome.summary === undefined ? {} : { summary: outcome.summary }) }, (o) =>
      [
        ...(o.summary === undefined ? [`sweep ${plan.name} (${o.sweepId}): enqueued; collect with derand sweep status ${o.sweepId} --queue ${options.queue ?? ''}`] : [summaryMarkdown(o.summary).trimEnd()]),
        '',
        `runs: ${o.runs} (${o.skipped} already complete, ${o.submitted} run now): ${o.ok} ok, ${o.failed} failed, ${o.pending} pending`,
        `results: ${o.results}`,
        ...(o.markdown === undefined ? [] : [`summary: ${o.markdown}`]),
        ...(o.svg === undefined ? [] : [`plot: ${o.svg}`]),
      ].join('\n'),
    );
    return outcome.failed > 0 ? 1 : 0;
  },
});
