import { isDerandError } from '@derand/registry';

/**
 * Where a command writes: results to stdout (JSON with `--json`), progress and logs to stderr.
 * Progress bars draw only on a TTY and never with `--json` or `--quiet`; NO_COLOR is honoured.
 */
export interface CliIO {
  readonly json: boolean;
  readonly quiet: boolean;
  /** Writes the command's result: JSON when `--json`, else `human(result)`. */
  result<T>(value: T, human: (value: T) => string): void;
  /** A log line on stderr (suppressed by --quiet). */
  log(message: string): void;
  warn(message: string): void;
  /** A progress reporter for a long step. */
  progress(label: string, total?: number): Progress;
}

export interface Progress {
  update(done: number, note?: string): void;
  done(note?: string): void;
}

export interface Streams {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}

const defaultStreams = (): Streams => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

/**
 * The CLI's output channels for one command: the result on stdout (JSON with `--json`, else the
 * text form), logs, warnings and progress on stderr (silenced by `--quiet`).
 *
 * @example const io = createIO({ json: true }); io.result(value, (v) => String(v));
 */
export function createIO(flags: { json?: boolean; quiet?: boolean }, streams: Streams = defaultStreams()): CliIO {
  const json = flags.json === true;
  const quiet = flags.quiet === true;
  const color = streams.stderr.isTTY === true && streams.env['NO_COLOR'] === undefined;
  const dim = (s: string): string => (color ? `\u001b[2m${s}\u001b[22m` : s);
  const yellow = (s: string): string => (color ? `\u001b[33m${s}\u001b[39m` : s);
  const interactive = streams.stderr.isTTY === true && !json && !quiet;
  return {
    json,
    quiet,
    result: (value, human) => {
      streams.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human(value)}\n`);
    },
    log: (message) => {
      if (!quiet) streams.stderr.write(`${dim(message)}\n`);
    },
    warn: (message) => {
      if (!quiet) streams.stderr.write(`${yellow('warning:')} ${message}\n`);
    },
    progress: (label, total) => {
      const start = Date.now();
      let last = 0;
      const draw = (done: number, note?: string, final = false): void => {
        if (!interactive) return;
        const now = Date.now();
        if (!final && now - last < 100) return;
        last = now;
        const width = 24;
        const fraction = total === undefined || total === 0 ? 0 : Math.min(1, done / total);
        const bar = total === undefined ? '' : `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '.')}] `;
        const count = total === undefined ? `${done}` : `${done}/${total}`;
        const seconds = ((now - start) / 1000).toFixed(1);
        streams.stderr.write(`\r\u001b[2K${label} ${bar}${count} ${dim(`${seconds}s`)}${note === undefined ? '' : ` ${note}`}${final ? '\n' : ''}`);
      };
      return {
        update: (done, note) => draw(done, note),
        done: (note) => draw(total ?? 0, note, true),
      };
    },
  };
}

/** Renders an error for the terminal (or as JSON) and returns the exit code. */
export function reportError(error: unknown, io: Pick<CliIO, 'json'>, streams: Streams = defaultStreams()): number {
  if (isDerandError(error)) {
    if (io.json) streams.stdout.write(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
    streams.stderr.write(`error [${error.code}]: ${error.message}\n`);
    // an interrupted run ends as shells report Ctrl-C, a diverged one with 3; every other derand error is the input's or the environment's
    return error.code === 'INTERRUPTED' ? 130 : error.code === 'NON_FINITE' ? 3 : 2;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (io.json) streams.stdout.write(`${JSON.stringify({ error: { code: 'INTERNAL', message: String(error) } }, null, 2)}\n`);
  streams.stderr.write(`internal error: ${message}\n`);
  return 1;
}
