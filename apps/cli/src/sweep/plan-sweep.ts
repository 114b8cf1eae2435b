import { readFileSync } from 'node:fs';
import { basename, isAbsolute } from 'node:path';
import { InputError, jsonSchemaOf, mergeOptions, PluginOptionsError, type InputIssue } from '@derand/registry';
import type { CliRegistry } from '../registry.js';
import { packageVersions } from '../reproduce/versions.js';
import { setPath } from '../schema/flags.js';
import { resolvePartOptions } from '../schema/resolve-parts.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { fileHasher, findDataFiles } from './data-files.js';
import { deriveSeed } from './derive-seed.js';
import type { GridFile, PlotSettings } from './grid-file.js';
import { optionKeys } from './option-keys.js';
import { runIdOf, sweepIdOf, type DataFile } from './run-id.js';

/** One run of a sweep: a solver, its resolved options and a seed, named by its run id. */
export interface SweepRun {
  readonly runId: string;
  /** Position in the expansion (0-based): entries, then grid combinations, then replicates. */
  readonly index: number;
  readonly solver: string;
  readonly seed: number;
  readonly replicate: number;
  /** The grid values of this run by the keys the file gives (and `run` for a `runs` entry). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly options: unknown;
  readonly data: readonly DataFile[];
}

/** A user plugin file the runs load: carried to queue workers by content. */
export interface PluginFile {
  readonly name: string;
  readonly path: string;
  readonly sha256: string;
}

/** A grid file expanded: the sweep's id and every run, validated before anything runs. */
export interface SweepPlan {
  readonly sweepId: string;
  readonly name: string;
  readonly file: string;
  readonly seed: number;
  readonly backend: string;
  /** Versions of the computing packages, part of every run id. */
  readonly versions: Readonly<Record<string, string>>;
  readonly plugins: readonly PluginFile[];
  /** The grid's parameter names, in file order (plus `run` when the file lists several entries). */
  readonly parameters: readonly string[];
  readonly plot?: PlotSettings;
  readonly runs: readonly SweepRun[];
}

/** Versions that decide results: every package's but Node's (recorded with each result instead). */
export function computeVersions(): Record<string, string> {
  const { node: _node, ...versions } = packageVersions();
  return versions;
}

/** The user plugin files loaded into a registry (plugins whose source is a file path). */
function userPluginFiles(registry: CliRegistry): PluginFile[] {
  const paths = [...new Set(registry.plugins.map((p) => p.source).filter((s): s is string => typeof s === 'string' && isAbsolute(s)))];
  return paths.map((path) => ({ name: basename(path), path, sha256: sha256Hex(readFileSync(path)) }));
}

/** Cartesian product of the grid's values, first key slowest, in file order. */
function combinations(grid: Readonly<Record<string, readonly unknown[]>>): { key: string; position: number; value: unknown }[][] {
  let out: { key: string; position: number; value: unknown }[][] = [[]];
  for (const [key, values] of Object.entries(grid)) out = out.flatMap((prefix) => values.map((value, position) => [...prefix, { key, position, value }]));
  return out;
}

/**
 * Expands a grid file into its runs, deterministically: the same file, root seed, backend,
 * package versions, data and plugins give the same runs, seeds and run ids on any machine.
 * Every run's options are checked by its solver's schema (parts by theirs) and every problem is
 * collected, named by file, line, run and option, before anything runs.
 *
 * @throws InputError (GRID_INVALID) listing every problem.
 * @example const plan = planSweep(await readGridFile('grid.yaml'), { registry, seed: 0, backend: 'wasm', cwd: process.cwd() });
 */
export function planSweep(grid: GridFile, context: { readonly registry: CliRegistry; readonly seed: number; readonly backend: string; readonly cwd: string }): SweepPlan {
  const { registry } = context;
  const file = grid.value;
  const issues: InputIssue[] = [];
  const entries = file.runs ?? [{ options: {} }];
  if (!registry.has('backend', context.backend)) issues.push({ where: '--backend', message: `is not a registered backend (${registry.ids('backend').join(', ')})`, value: context.backend });
  const versions = computeVersions();
  const plugins = userPluginFiles(registry);
  const hash = fileHasher();
  const parameters = [...Object.keys(file.grid), ...(entries.length > 1 ? ['run'] : [])];
  const runs: SweepRun[] = [];
  /** Problems met by many runs are reported once, with the runs they hit. */
  const perRun = new Map<string, { issue: InputIssue; runs: number[] }>();
  const report = (issue: InputIssue, run: number): void => {
    const key = `${issue.where}\u0000${issue.message}`;
    const seen = perRun.get(key);
    if (seen === undefined) perRun.set(key, { issue, runs: [run] });
    else seen.runs.push(run);
  };

  entries.forEach((entry, e) => {
    const entryAt: (string | number)[] = file.runs === undefined ? [] : ['runs', e];
    const solver = entry.solver ?? file.solver!;
    if (!registry.has('solver', solver)) {
      try {
        registry.resolve('solver', solver);
      } catch (error) {
        issues.push({ where: `${grid.where([...entryAt, 'solver'])}: solver`, message: (error as Error).message, value: solver });
      }
      return;
    }
    const keys = optionKeys(registry, solver);
    /** Where in the file each option path was set, so a problem names the line that set it. */
    const lay = (target: Record<string, unknown>, key: string, written: unknown, at: (string | number)[], placed: Placement[]): void => {
      const option = keys(key);
      if ('unknown' in option) {
        issues.push({ where: `${grid.where(at)}: ${key}`, message: `is not an option of solver '${solver}'${option.unknown.length > 0 ? `; did you mean ${option.unknown.join(', ')}?` : ''}` });
        return;
      }
      try {
        const { path, value } = option.place(written);
        setPath(target, path, value);
        placed.push({ at, path });
      } catch (error) {
        issues.push({ where: `${grid.where(at)}: ${key}`, message: (error as Error).message, value: written });
      }
    };
    const layer = (options: Record<string, unknown>, at: (string | number)[], placed: Placement[]): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(options)) lay(out, key, value, [...at, key], placed);
      return out;
    };
    const basePlaced: Placement[] = [];
    const base = mergeOptions(layer(file.options, ['options'], basePlaced), layer(entry.options, [...entryAt, 'options'], basePlaced));
    for (const combination of combinations(file.grid)) {
      const assigned: Record<string, unknown> = {};
      const placed = [...basePlaced];
      for (const { key, position, value } of combination) lay(assigned, key, value, ['grid', key, position], placed);
      const raw = mergeOptions(base, assigned);
      const params: Record<string, unknown> = Object.fromEntries(combination.map(({ key, value }) => [key, value]));
      if (entries.length > 1) params['run'] = entry.name ?? `#${e + 1}`;
      const first = runs.length;
      let bad = false;
      const problem = (issue: InputIssue): void => {
        bad = true;
        for (let r = 0; r < file.repeats; r++) report({ ...issue, where: `${grid.where(locate(issue.where, placed, entryAt))}: ${issue.where}` }, first + r);
      };
      let resolved: unknown;
      try {
        const parsed = registry.parseOptions('solver', solver, raw);
        const partIssues: InputIssue[] = [];
        resolved = resolvePartOptions(parsed, jsonSchemaOf(registry.resolve('solver', solver)), registry, partIssues);
        partIssues.forEach(problem);
      } catch (error) {
        if (!(error instanceof PluginOptionsError)) throw error;
        error.issues.forEach(problem);
      }
      if (bad) {
        // keep counting runs so that later problems name the right run numbers
        for (let r = 0; r < file.repeats; r++) runs.push(placeholder(runs.length, solver, params, r));
        continue;
      }
      const data = findDataFiles(resolved, context.cwd, hash);
      for (let replicate = 0; replicate < file.repeats; replicate++) {
        const seed = deriveSeed(context.seed, file.seedPer === 'replicate' ? `replicate:${replicate}` : `run:${canonicalJson({ solver, options: resolved })}:${replicate}`);
        const runId = runIdOf({ solver, options: resolved, seed, backend: context.backend, versions, data, plugins: plugins.map((p) => p.sha256) });
        runs.push({ runId, index: runs.length, solver, seed, replicate, params, options: resolved, data });
      }
    }
  });

  for (const { issue, runs: hit } of perRun.values()) {
    const which = hit.length === 1 ? `run #${hit[0]! + 1}` : `${hit.length} runs (#${hit.slice(0, 5).map((r) => r + 1).join(', #')}${hit.length > 5 ? ', …' : ''})`;
    issues.push({ ...issue, message: `${issue.message} [${which}]` });
  }
  const byId = new Map<string, number>();
  for (const run of runs) {
    if (run.runId === '') continue;
    const first = byId.get(run.runId);
    if (first !== undefined) issues.push({ where: grid.where(['grid']), message: `runs #${first + 1} and #${run.index + 1} are the same run (run id ${run.runId}): remove the repeated value or give the entries different options` });
    else byId.set(run.runId, run.index);
  }
  if (file.plot !== undefined) {
    for (const [field, name] of [['x', file.plot.x], ['series', file.plot.series]] as const) {
      if (name !== undefined && !parameters.includes(name)) issues.push({ where: `${grid.where(['plot', field])}: plot.${field}`, message: `'${name}' is not a grid parameter (parameters: ${parameters.join(', ') || 'none'})` });
    }
    if (file.plot.x !== undefined && parameters.includes(file.plot.x) && file.plot.x !== 'run' && !(file.grid[file.plot.x] ?? []).every((v) => typeof v === 'number')) {
      issues.push({ where: `${grid.where(['grid', file.plot.x])}: plot.x`, message: `the x axis needs numbers, but grid '${file.plot.x}' has other values; plot it as the series instead` });
    }
  }
  // a bad grid key is met by every combination: report it once
  const unique = [...new Map(issues.map((issue) => [`${issue.where}\u0000${issue.message}`, issue])).values()];
  if (unique.length > 0) throw new InputError('GRID_INVALID', `Grid file ${grid.path} has problems:`, unique, `Keys are the solver's options (as 'derand run <solver> --dry-run' prints them, dotted paths allowed) or its flag names.`);
  return {
    sweepId: sweepIdOf(runs.map((r) => r.runId)),
    name: grid.name,
    file: grid.path,
    seed: context.seed,
    backend: context.backend,
    versions,
    plugins,
    parameters,
    ...(file.plot === undefined ? {} : { plot: file.plot }),
    runs,
  };
}

/** A run whose options did not validate: it keeps the numbering, and the plan is refused. */
function placeholder(index: number, solver: string, params: Record<string, unknown>, replicate: number): SweepRun {
  return { runId: '', index, solver, seed: 0, replicate, params, options: undefined, data: [] };
}

/** Where in the grid file an option path was set. */
interface Placement {
  readonly at: readonly (string | number)[];
  readonly path: readonly string[];
}

/** The file location that set the option a problem is about (the last one laid, grid values last), for its line. */
function locate(optionPath: string, placed: readonly Placement[], entryAt: readonly (string | number)[]): readonly (string | number)[] {
  const at = optionPath.split('.');
  const hit = [...placed].reverse().find(({ path }) => {
    const n = Math.min(path.length, at.length);
    return path.slice(0, n).join('.') === at.slice(0, n).join('.');
  });
  if (hit !== undefined) return hit.at;
  return entryAt.length === 0 ? ['options'] : [...entryAt, 'options'];
}
