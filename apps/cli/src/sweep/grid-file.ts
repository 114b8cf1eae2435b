import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { closestMatches, InputError, isPlainObject, z, type InputIssue } from '@derand/registry';

const optionsRecord = z.record(z.string(), z.unknown());

/** One entry of a grid file's `runs` list: a solver and options crossed with the grid. */
const runEntrySchema = z
  .object({
    name: z.string().min(1).optional().describe('label of the entry in tables and plots (when absent: #<position>)'),
    solver: z.string().min(1).optional().describe('solver id (when absent: the file’s `solver`)'),
    options: optionsRecord.default({}).describe('options of this entry, laid over the file’s `options`'),
  })
  .strict();

/** The plot written at the end: a metric against a parameter, one line per value of another. */
export const plotSchema = z
  .object({
    metric: z.string().min(1).describe('metric on the y axis (a name in the results’ `metrics`, e.g. orthFraction)'),
    x: z.string().min(1).describe('grid parameter on the x axis (its values must be numbers)'),
    series: z.string().min(1).optional().describe('grid parameter drawn as one line per value'),
    xScale: z.enum(['linear', 'log']).optional().describe('x axis scale (when absent: log when the values are positive and span a factor of 100 or more)'),
    yScale: z.enum(['linear', 'log']).default('linear').describe('y axis scale'),
  })
  .strict();
export type PlotSettings = z.output<typeof plotSchema>;

/**
 * The shape of a grid file: the runs are `runs` (default: one entry) × every combination of
 * the `grid` values × `repeats` seeds, each laid over `options`.
 */
export const gridFileSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" or "-"').optional().describe('name of the sweep (when absent: the file name)'),
    solver: z.string().min(1).optional().describe('solver id of every run (a `runs` entry may name its own)'),
    options: optionsRecord.default({}).describe('options every run shares: the solver’s JSON form (as --dry-run prints it) or flag names'),
    grid: z.record(z.string(), z.array(z.unknown()).min(1, 'give at least one value')).default({}).describe('parameters and their values; the runs are every combination'),
    runs: z.array(runEntrySchema).min(1).optional().describe('a list of configurations, each crossed with the grid'),
    repeats: z.number().int().min(1).max(100_000).default(1).describe('runs per configuration, each with its own derived seed'),
    seedPer: z.enum(['replicate', 'run']).default('replicate').describe('replicate: runs of one replicate share their seed across configurations (paired comparisons); run: every run derives its own'),
    plot: plotSchema.optional(),
  })
  .strict();
export type GridFileValue = z.output<typeof gridFileSchema>;

/** A grid file as read: its path, its validated value and where each value sits in it. */
export interface GridFile {
  readonly path: string;
  /** The sweep's name: `name`, else the file name without extension. */
  readonly name: string;
  readonly value: GridFileValue;
  /** `file:line` of the value at `path` (keys and list positions), or the file when unknown. */
  readonly where: (path: readonly (string | number)[]) => string;
}

/**
 * Reads a grid file (YAML or JSON) and checks its shape, collecting every problem with the
 * file and line where it sits.
 *
 * @throws InputError (GRID_UNREADABLE, GRID_SYNTAX, GRID_INVALID) naming the file, line and fix.
 * @example const grid = await readGridFile('examples/sweeps/structure-lambda.yaml');
 */
export async function readGridFile(path: string): Promise<GridFile> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new InputError('GRID_UNREADABLE', `Cannot read grid file ${absolute}:`, [{ where: absolute, message: (error as Error).message }], 'Check the path given to derand sweep.');
  }
  const extension = extname(absolute).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(extension)) {
    throw new InputError('GRID_UNREADABLE', `Cannot read grid file ${absolute}:`, [{ where: absolute, message: `unsupported extension '${extension}'`, value: extension }], 'Name it .yaml, .yml or .json.');
  }
  // JSON is read by the YAML parser too, so every value of either kind has a line.
  const { LineCounter, parseDocument } = await import('yaml');
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new InputError(
      'GRID_SYNTAX',
      `Grid file ${absolute} is not valid ${extension === '.json' ? 'JSON' : 'YAML'}:`,
      document.errors.map((e) => ({ where: `${absolute}:${e.linePos?.[0].line ?? '?'}`, message: e.message.split('\n')[0] ?? e.message })),
    );
  }
  const raw: unknown = document.toJS();
  const where = (at: readonly (string | number)[]): string => {
    for (let n = at.length; n >= 0; n--) {
      const node = document.getIn(at.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range !== undefined) return `${absolute}:${lines.linePos(node.range[0]).line}`;
    }
    return absolute;
  };
  if (!isPlainObject(raw)) {
    throw new InputError('GRID_INVALID', `Grid file ${absolute} must hold an object (solver, options, grid, runs, repeats, plot):`, [{ where: absolute, message: 'the top level is not an object', value: raw }], 'See examples/sweeps/ for grid files.');
  }
  const parsed = gridFileSchema.safeParse(raw);
  const issues: InputIssue[] = [];
  if (!parsed.success) {
    const known = Object.keys(gridFileSchema.shape);
    for (const issue of parsed.error.issues) {
      const at = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const closest = closestMatches(key, at.length === 0 ? known : ['name', 'solver', 'options']);
          issues.push({ where: `${where([...at, key])}: ${[...at, key].join('.')}`, message: `is not a grid file key${closest.length > 0 ? `; did you mean ${closest.join(', ')}?` : ''}` });
        }
        continue;
      }
      issues.push({ where: `${where(at)}: ${at.join('.') || '(top level)'}`, message: issue.message });
    }
  } else {
    if (parsed.data.solver === undefined && (parsed.data.runs === undefined || parsed.data.runs.some((r) => r.solver === undefined))) {
      issues.push({ where: `${where([])}: solver`, message: 'no solver: give `solver: <id>` at the top, or a `solver` in every `runs` entry' });
    }
  }
  if (issues.length > 0) throw new InputError('GRID_INVALID', `Grid file ${absolute} has problems:`, issues, 'See examples/sweeps/ for grid files.');
  const value = parsed.data!;
  return { path: absolute, name: value.name ?? basename(absolute, extname(absolute)), value, where };
}
