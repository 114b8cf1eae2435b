import { Command } from 'commander';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { z } from '@derand/registry';
import { deadlineSignal, forwardHostFallbacks, InputError, isPlainObject, issuesFromZod, toJsonSchema, jsonSchemaOf, mergeOptions, PluginOptionsError, type AnyPlugin, type InputIssue, type SolverContext, type SolverEvent } from '@derand/registry';
import { commonOptionsSchema, solverRunOptionsSchema, type CommonOptionValues } from './common-options.js';
import type { CommandSpec, CommonOptions } from './commands/spec.js';
import type { SolverCommand } from './commands/presenter.js';
import { readConfigFile, splitConfig } from './config.js';
import { INTERRUPTED_EXIT_CODE } from './interrupt.js';
import { createIO, type CliIO, type Progress } from './io.js';
import { createCliRegistry, type CliRegistry } from './registry.js';
import { addFlags, commandFlags, getPath, optionsFromFlags, setPath, type CommandFlags, type FlagSpec } from './schema/flags.js';
import type { SchemaNode } from './schema/json-schema.js';
import { resolvePartOptions } from './schema/resolve-parts.js';

const toJson = (schema: z.ZodType): SchemaNode => toJsonSchema(schema);

/** The flags of the common options, and of the solver-run options. */
export const COMMON_FLAGS = commandFlags(toJson(commonOptionsSchema), createCliRegistry()).flags;
export const SOLVER_RUN_FLAGS = commandFlags(toJson(solverRunOptionsSchema), createCliRegistry()).flags;
const RESERVED = [...COMMON_FLAGS, ...SOLVER_RUN_FLAGS].map((f) => f.flag);

/** The flags of a command's own options schema (the common ones are reserved). */
export function flagsOfSchema(schema: z.ZodType | SchemaNode, registry: CliRegistry, reserved: readonly string[] = RESERVED): CommandFlags {
  const json = 'safeParse' in schema ? toJson(schema) : (schema);
  return commandFlags(json, registry, reserved);
}

/** Where a flag's options path shows in messages: `teacher.k (--k)`. */
function withFlag(issues: readonly InputIssue[], flags: readonly FlagSpec[], prefix = ''): InputIssue[] {
  const byPath = new Map(flags.map((f) => [f.path.join('.'), f.flag]));
  return issues.map((issue) => {
    const parts = issue.where.replace(/^\(options\)$/, '').split('.');
    let flag: string | undefined;
    for (let n = parts.length; n > 0 && flag === undefined; n--) flag = byPath.get(parts.slice(0, n).join('.'));
    return { ...issue, where: `${prefix}${issue.where}${flag === undefined ? '' : ` (--${flag})`}` };
  });
}

/** Parses values with a schema, or throws InputError listing every problem with its flag. */
function parseWith<S extends z.ZodType>(schema: S, raw: unknown, flags: readonly FlagSpec[], heading: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new InputError('BAD_FLAG', heading, withFlag(issuesFromZod(parsed.error, raw), flags));
}

/** State a command action builds before it calls the command. */
interface Prepared {
  readonly io: CliIO;
  readonly registry: CliRegistry;
  readonly common: CommonOptions;
  readonly commonValues: CommonOptionValues;
  /** Every plugin file loaded: `--plugin` files and files given where a part id goes (`--g ./my-g.mjs`). */
  readonly pluginFiles: readonly string[];
  readonly config?: { readonly options: Record<string, unknown>; readonly common: Record<string, unknown>; readonly path: string };
}

/** Common options, the user's plugins and the config file: what every command starts from. */
async function prepare(command: Command, name: string, flags: readonly FlagSpec[], propertiesOf: (registry: CliRegistry) => readonly string[], solver?: string): Promise<Prepared> {
  const { options: given } = optionsFromFlags(command, COMMON_FLAGS);
  let io = createIO({ json: given['json'] === true, quiet: given['quiet'] === true });
  const plugins = Array.isArray(given['plugin']) ? (given['plugin'] as string[]) : [];
  // a part flag given a plugin file (`--g ./my-g.mjs`) loads that file and names its plugin
  const partFiles = flags.filter((f) => f.pluginKind !== undefined).flatMap((f) => {
    const value = command.opts<Record<string, unknown>>()[attributeOf(f.flag)];
    return typeof value === 'string' && isPluginFile(value) ? [{ spec: f, file: value }] : [];
  });
  const files = [...plugins, ...partFiles.map((p) => p.file).filter((file) => !plugins.includes(file))];
  const userPlugins = files.length === 0 ? [] : await (await import('./plugin-loader.js')).loadPlugins(files);
  for (const { spec, file } of partFiles) command.setOptionValue(attributeOf(spec.flag), pluginIdFromFile(userPlugins, spec, file));
  const registry = createCliRegistry(userPlugins);
  let config: Prepared['config'];
  if (typeof given['config'] === 'string') {
    const file = await readConfigFile(given['config']);
    const split = splitConfig(file, { command: name, ...(solver === undefined ? {} : { solver }), properties: propertiesOf(registry), flags, common: COMMON_FLAGS.map((f) => f.flag) });
    config = { ...split, path: file.path };
  }
  const commonValues = parseWith(commonOptionsSchema, { ...config?.common, ...given, plugin: plugins }, COMMON_FLAGS, 'Invalid common options:');
  const common: CommonOptions = { json: commonValues.json, quiet: commonValues.quiet, backend: commonValues.backend, seed: commonValues.seed };
  io = createIO(common);
  return { io, registry, common, commonValues, pluginFiles: files, ...(config === undefined ? {} : { config }) };
}

/** Commander's attribute name of a long flag. */
function attributeOf(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A part flag's value that names a plugin file rather than an id. */
function isPluginFile(value: string): boolean {
  return /\.(mjs|cjs|js)$/i.test(value) || value.startsWith('./') || value.startsWith('../') || isAbsolute(value);
}

/** The id of the one plugin of the flag's kind that `file` defines, or an error naming the file and what it holds. */
function pluginIdFromFile(plugins: readonly AnyPlugin[], spec: FlagSpec, file: string): string {
  const from = plugins.filter((p) => p.source === resolvePath(file));
  const ofKind = from.filter((p) => p.kind === spec.pluginKind);
  if (ofKind.length === 1) return ofKind[0]!.id;
  const held = from.length === 0 ? 'no plugins' : from.map((p) => `${p.kind} '${p.id}'`).join(', ');
  throw new InputError('BAD_FLAG', `--${spec.flag} ${file}:`, [
    {
      where: `--${spec.flag}`,
      message: `${resolvePath(file)} must define exactly one '${spec.pluginKind}' plugin (it defines ${held}); or load it with --plugin and pass the id`,
      value: file,
    },
  ]);
}

function attachFlags(command: Command, flags: CommandFlags, extra: readonly FlagSpec[]): void {
  if (flags.positional !== undefined) {
    const p = flags.positional;
    command.argument(p.required ? `<${p.name}>` : `[${p.name}]`, p.description);
  }
  addFlags(command, [...flags.flags, ...extra]);
}

/**
 * Adds a non-solver command (backends, plugins, reproduce, sweep) with its schema-generated
 * flags, and its subcommands under it; returns the command.
 */
export function attachCommand(program: Command, spec: CommandSpec, exit: { code: number }): Command {
  const registry = createCliRegistry();
  const own = flagsOfSchema(spec.options, registry, COMMON_FLAGS.map((f) => f.flag));
  const command = program.command(spec.name).description(spec.summary);
  attachFlags(command, own, COMMON_FLAGS);
  command.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}\n`);
  command.action(async (...received: unknown[]) => {
    const self = received[received.length - 1] as Command;
    let io: Pick<CliIO, 'json'> = { json: self.opts()['json'] === true };
    try {
      const properties = Object.keys(toJson(spec.options).properties ?? {});
      const state = await prepare(self, spec.name, own.flags, () => properties);
      io = state.io;
      const { options } = optionsFromFlags(self, own.flags);
      if (own.positional !== undefined && self.args[0] !== undefined) setPath(options, own.positional.path, positionalValue(self.args[0]));
      const raw = mergeOptions(state.config?.options ?? {}, options);
      const parsed = parseWith(spec.options, raw, own.flags, `Invalid options for derand ${spec.name}:`);
      exit.code = (await spec.run(parsed, { io: state.io, registry: state.registry, common: state.common })) ?? 0;
    } catch (error) {
      exit.code = (await import('./io.js')).reportError(error, io);
    }
  });
  if (spec.subcommands !== undefined) {
    // a parent's flags must not swallow its subcommands' flags of the same name (--out, --queue)
    command.enablePositionalOptions();
    for (const sub of spec.subcommands) attachCommand(command, sub, exit);
  }
  return command;
}

/** A positional argument: JSON when it looks like an object or array (an inline graph), else the text. */
function positionalValue(raw: string): unknown {
  if (!/^\s*[[{]/.test(raw)) return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new InputError('BAD_FLAG', 'Invalid argument:', [{ where: 'argument', message: `looks like JSON but does not parse (${(error as Error).message})`, value: raw }]);
  }
}

/** The effective id of the part at `path` in raw options (a string, `{ id }`, or the default). */
function partIdOf(raw: unknown, path: readonly string[], fallback: unknown): unknown {
  const value = getPath(raw, path);
  if (typeof value === 'string') return value;
  if (isPlainObject(value) && typeof value['id'] === 'string') return value['id'];
  return fallback;
}

/**
 * Completes and checks the parts that flags set options of: a part given only through its
 * options (`--tau 0.2`, `--rounding-options {…}`) gets its effective id written in, and a flag
 * for a part the run does not use is refused (`--tau` with `--rounding hyperplane`).
 */
function checkPartFlags(raw: unknown, given: readonly FlagSpec[], flags: readonly FlagSpec[]): void {
  const issues: InputIssue[] = [];
  const idFlags = flags.filter((f) => f.path[f.path.length - 1] === 'id' && flags.some((o) => o.flag === `${f.flag}-options`));
  for (const idFlag of idFlags) {
    const partPath = idFlag.path.slice(0, -1);
    const touched = given.some((g) => g.path.length > partPath.length && g.path.slice(0, partPath.length).join('.') === partPath.join('.'));
    const current = getPath(raw, partPath);
    if (touched && isPlainObject(current) && typeof current['id'] !== 'string' && typeof idFlag.default === 'string' && isPlainObject(raw)) {
      setPath(raw, [...partPath, 'id'], idFlag.default);
    }
  }
  for (const spec of given) {
    if (spec.part === undefined) continue;
    const idFlag = flags.find((f) => f.path.join('.') === [...spec.part!.path, 'id'].join('.'));
    const id = partIdOf(raw, spec.part.path, idFlag?.default);
    if (id !== spec.part.id) {
      issues.push({ where: `--${spec.flag}`, message: `applies to ${spec.part.kind} '${spec.part.id}', but this run's ${spec.part.path.join('.')} is '${String(id)}'${idFlag === undefined ? '' : ` (choose it with --${idFlag.flag} ${spec.part.id})`}` });
    }
  }
  if (issues.length > 0) throw new InputError('BAD_FLAG', 'Flags for a part this run does not use:', issues);
}

/** Progress bars by label, from solver events. */
function eventSink(io: CliIO): { emit: (event: SolverEvent) => void; close: () => void } {
  const bars = new Map<string, Progress>();
  return {
    emit: (event) => {
      if (event.type === 'progress') {
        const label = event.label ?? 'run';
        let bar = bars.get(label);
        if (bar === undefined) {
          bar = io.progress(label, event.total);
          bars.set(label, bar);
        }
        bar.update(event.step + 1);
      } else if (event.type === 'log') {
        if (event.level === 'warn') io.warn(event.message);
        else io.log(event.message);
      }
    },
    close: () => {
      for (const bar of bars.values()) bar.done();
      bars.clear();
    },
  };
}

/** The solver plugin of an id (typed just enough to run). */
function solverPlugin(registry: CliRegistry, id: string): AnyPlugin & { run(options: unknown, context: SolverContext): Promise<unknown> } {
  return registry.resolve('solver', id);
}

/** Everything `executeSolver` needs from a parsed command line. */
interface SolverInvocation {
  readonly command: Command;
  readonly name: string;
  readonly solver: string;
  readonly flags: CommandFlags;
  readonly outputFlags: CommandFlags;
  readonly presenter?: SolverCommand<unknown, z.ZodType>;
}

/** Validates, then runs a solver and presents its result (named commands and `derand run`). */
async function executeSolver(invocation: SolverInvocation, exit: { code: number }): Promise<void> {
  const { command, name, solver, flags, outputFlags, presenter } = invocation;
  let io: Pick<CliIO, 'json'> = { json: command.opts()['json'] === true };
  try {
    const outputProps = presenter?.outputs === undefined ? [] : Object.keys(toJson(presenter.outputs).properties ?? {});
    const state = await prepare(
      command,
      name,
      [...flags.flags, ...outputFlags.flags],
      (registry) => [...Object.keys((jsonSchemaOf(solverPlugin(registry, solver)) as SchemaNode).properties ?? {}), ...outputProps],
      solver,
    );
    io = state.io;
    const plugin = solverPlugin(state.registry, solver);
    const { options: fromFlags, given } = optionsFromFlags(command, flags.flags);
    if (flags.positional !== undefined && command.args[0] !== undefined) setPath(fromFlags, flags.positional.path, positionalValue(command.args[0]));
    const configOptions = Object.fromEntries(Object.entries(state.config?.options ?? {}).filter(([key]) => !outputProps.includes(key)));
    const configOutputs = Object.fromEntries(Object.entries(state.config?.options ?? {}).filter(([key]) => outputProps.includes(key)));
    const issues: InputIssue[] = [];
    let outputs: unknown = {};
    if (presenter?.outputs !== undefined) {
      const rawOutputs = mergeOptions(configOutputs, optionsFromFlags(command, outputFlags.flags).options);
      const parsedOutputs = presenter.outputs.safeParse(rawOutputs);
      if (parsedOutputs.success) {
        outputs = parsedOutputs.data;
        issues.push(...(presenter.checkOutputs?.(outputs) ?? []));
      } else issues.push(...withFlag(issuesFromZod(parsedOutputs.error, rawOutputs), outputFlags.flags));
    }
    const raw = mergeOptions(mergeOptions(presenter?.solverOptions?.(outputs) ?? {}, configOptions), fromFlags);
    checkPartFlags(raw, given, flags.flags);
    let options: unknown;
    let resolved: unknown;
    try {
      options = state.registry.parseOptions('solver', solver, raw);
      const partIssues: InputIssue[] = [];
      resolved = resolvePartOptions(options, jsonSchemaOf(plugin), state.registry, partIssues);
      issues.push(...withFlag(partIssues, flags.flags));
    } catch (error) {
      if (!(error instanceof PluginOptionsError)) throw error;
      issues.push(...withFlag(error.issues, flags.flags));
      // the parts' own options are checked too, so every problem is reported at once
      const partIssues: InputIssue[] = [];
      resolvePartOptions(raw, jsonSchemaOf(plugin), state.registry, partIssues);
      issues.push(...withFlag(partIssues, flags.flags));
    }
    if (issues.length > 0) {
      throw new InputError('BAD_FLAG', `Invalid options for ${name === 'run' ? `solver '${solver}'` : `derand ${name}`}${state.config === undefined ? '' : ` (with ${state.config.path})`}:`, issues, `See 'derand ${name === 'run' ? `run ${solver}` : name} --help'.`);
    }
    const run = parseWith(solverRunOptionsSchema, optionsFromFlags(command, SOLVER_RUN_FLAGS).options, SOLVER_RUN_FLAGS, 'Invalid run options:');
    if (run.dryRun) {
      state.io.result({ solver, seed: state.common.seed, backend: state.common.backend, options: resolved }, (value) => JSON.stringify(value, null, 2));
      exit.code = 0;
      return;
    }

    const { nodeFiles } = await import('@derand/core/node');
    const { totalmem } = await import('node:os');
    const sink = eventSink(state.io);
    const files = nodeFiles();
    let result: unknown;
    let interrupted = false;
    let stoppedBy: unknown;
    let backendDetails: Readonly<Record<string, unknown>> = {};
    let ranOn: string = state.common.backend;
    const runStarted = performance.now();
    try {
      if (process.env['DERAND_SOLVE_IN_PROCESS'] === '1') {
        // the solver in this thread: no Ctrl-C stop during its loops (Node's default ends the process)
        const { startEngine } = await import('@derand/core');
        const engine = await startEngine({ backend: state.common.backend, registry: state.registry });
        backendDetails = engine.availability.details ?? {};
        ranOn = engine.backend;
        const signal = run.timeLimit === undefined ? undefined : deadlineSignal(run.timeLimit);
        const stopFallbacks = forwardHostFallbacks(state.registry, engine.backend, sink.emit);
        try {
          result = await plugin.run(options, { registry: state.registry, backend: engine.backend, seed: state.common.seed, emit: sink.emit, files, memoryBytes: totalmem(), ...(signal === undefined ? {} : { signal }) });
        } finally {
          stopFallbacks();
        }
        stoppedBy = signal?.aborted === true ? { reason: 'time-limit', limitSeconds: run.timeLimit } : undefined;
      } else {
        const { runSolverInThread } = await import('./solver-thread.js');
        const outcome = await runSolverInThread(
          { solver, options, seed: state.common.seed, backend: state.common.backend, plugins: state.pluginFiles, memoryBytes: totalmem(), ...(run.timeLimit === undefined ? {} : { timeLimit: run.timeLimit }) },
          { emit: sink.emit, files },
        );
        result = outcome.result;
        backendDetails = outcome.backendDetails;
        ranOn = outcome.backend;
        interrupted = outcome.interrupted;
        stoppedBy = interrupted ? { reason: 'interrupted' } : outcome.aborted ? { reason: 'time-limit', limitSeconds: run.timeLimit } : undefined;
      }
    } finally {
      sink.close();
    }
    const [{ withProvenance }, { packageVersions }] = await Promise.all([import('./provenance.js'), import('./reproduce/versions.js')]);
    result = withProvenance(result, { solver, config: resolved, seed: state.common.seed, backend: ranOn, backendDetails, packages: packageVersions(), data: files.reads, totalSeconds: (performance.now() - runStarted) / 1000 });
    if (stoppedBy !== undefined && isPlainObject(result)) {
      state.io.warn(interrupted ? 'stopped by Ctrl-C: the result is the best found so far.' : `stopped early by --time-limit ${run.timeLimit} s: the result is the best found so far.`);
      result = { ...result, stoppedEarly: stoppedBy };
    }
    if (presenter === undefined) {
      state.io.result(result, (value) => JSON.stringify(value, null, 2));
      exit.code = 0;
    } else {
      exit.code = (await presenter.present(result, { io: state.io, registry: state.registry, common: state.common, outputs: outputs, options })) ?? 0;
    }
    exit.code = faultExitCode(result) ?? (interrupted ? INTERRUPTED_EXIT_CODE : exit.code);
  } catch (error) {
    exit.code = (await import('./io.js')).reportError(error, io);
  }
}

/** The exit code of a run that ended on a fault (a non-finite objective), after saying so; its result is the last finite state. */
export const NON_FINITE_EXIT_CODE = 3;

function faultExitCode(result: unknown): number | undefined {
  if (!isPlainObject(result) || !isPlainObject(result['nonFinite'])) return undefined;
  const { step, returnedStep } = result['nonFinite'] as { step?: unknown; returnedStep?: unknown };
  process.stderr.write(
    `error [NON_FINITE]: the objective became NaN or infinite at step ${String(step)} (a part of the run, such as a plugin's loss or optimizer, produced it); ` +
      `the result shown and written is the last finite state (step ${String(returnedStep)}). Lower the step sizes or check the plugin.\n`,
  );
  return NON_FINITE_EXIT_CODE;
}

/** The flags of a solver as the CLI shows them (from the plugin's schema). */
export function solverFlags(plugin: AnyPlugin, registry: CliRegistry): CommandFlags {
  return flagsOfSchema(jsonSchemaOf(plugin), registry);
}

/** Adds a named solver command (`derand maxcut` …): flags from the solver's schema, presentation from the presenter. */
export function attachSolverCommand(program: Command, presenter: SolverCommand<unknown, z.ZodType>, exit: { code: number }): void {
  const registry = createCliRegistry();
  const plugin: AnyPlugin = registry.resolve('solver', presenter.solver);
  const flags = solverFlags(plugin, registry);
  const outputFlags = presenter.outputs === undefined ? { flags: [] } : flagsOfSchema(presenter.outputs, registry);
  const command = program.command(presenter.name).description(plugin.summary);
  attachFlags(command, flags, [...outputFlags.flags, ...SOLVER_RUN_FLAGS, ...COMMON_FLAGS]);
  command.addHelpText('after', `\nExamples:\n${presenter.examples.map((e) => `  $ ${e}`).join('\n')}\n\nSolver '${presenter.solver}'; the same run: derand run ${presenter.solver} …\n`);
  command.action(async (...received: unknown[]) => {
    const self = received[received.length - 1] as Command;
    await executeSolver({ command: self, name: presenter.name, solver: presenter.solver, flags, outputFlags, presenter }, exit);
  });
}

/**
 * `derand run <solver-id> [options]`: any registered solver, user plugins included. The
 * solver's flags are known only once `--plugin` files are loaded, so the arguments after the id
 * are parsed then, by a command built from that solver's schema.
 */
export function attachRunCommand(program: Command, presenters: readonly SolverCommand<unknown, z.ZodType>[], argv: readonly string[], exit: { code: number }): void {
  const registry = createCliRegistry();
  const command = program
    .command('run')
    .description('Run any registered solver (user plugins included) from its options: derand run <solver> [options]; --help after the id lists them.')
    .argument('<solver>', `solver id (${registry.ids('solver').join(', ')}, or one loaded with --plugin)`)
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false);
  command.addHelpText('after', '\nExamples:\n  $ derand run maxcut G1.txt --rounding hyperplane --json\n  $ derand run my-solver --plugin ./my-solver.mjs --dry-run\n');
  command.action(async (solverId: string) => {
    const at = argv.indexOf('run');
    const rest = argv.slice(at + 2);
    const io: Pick<CliIO, 'json'> = { json: rest.includes('--json') };
    try {
      // first pass: only the common options, to load the user's plugins
      const first = new Command('run').exitOverride().allowUnknownOption().allowExcessArguments().helpOption(false);
      addFlags(first, COMMON_FLAGS);
      first.parse([...rest], { from: 'user' });
      const { options: common } = optionsFromFlags(first, COMMON_FLAGS);
      const plugins = Array.isArray(common['plugin']) ? (common['plugin'] as string[]) : [];
      const withPlugins = createCliRegistry(plugins.length === 0 ? [] : await (await import('./plugin-loader.js')).loadPlugins(plugins));
      const plugin = solverPlugin(withPlugins, solverId);
      const presenter = presenters.find((p) => p.solver === solverId);
      const flags = solverFlags(plugin, withPlugins);
      const outputFlags = presenter?.outputs === undefined ? { flags: [] } : flagsOfSchema(presenter.outputs, withPlugins);
      const sub = new Command(`derand run ${solverId}`).exitOverride().description(plugin.summary);
      attachFlags(sub, flags, [...outputFlags.flags, ...SOLVER_RUN_FLAGS, ...COMMON_FLAGS]);
      sub.configureOutput({ writeErr: (text) => process.stderr.write(text), writeOut: (text) => process.stdout.write(text) });
      let helpShown = false;
      sub.helpOption('-h, --help').on('option:help', () => {
        helpShown = true;
      });
      try {
        sub.parse([...rest], { from: 'user' });
      } catch (error) {
        if (helpShown || (error as { code?: string }).code === 'commander.helpDisplayed') {
          exit.code = 0;
          return;
        }
        throw error;
      }
      await executeSolver({ command: sub, name: 'run', solver: solverId, flags, outputFlags, ...(presenter === undefined ? {} : { presenter }) }, exit);
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('commander.') === true) {
        exit.code = 2;
        return;
      }
      exit.code = (await import('./io.js')).reportError(error, io);
    }
  });
}
