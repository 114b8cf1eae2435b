import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** A `derand` process running in the background, its output collected as it comes. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves once stderr matches (rejects after `timeoutMs` or when the process exits first). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit status (the signal's name when killed by one). */
  readonly exited: Promise<number | string>;
}

/** Starts the built `derand` binary with `args` (as a user would, in the background). */
export function startCli(args: readonly string[], options: { cwd?: string } = {}): CliProcess {
  const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    for (const check of waiters) check();
  });
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`timed out after ${timeoutMs} ms waiting for ${String(pattern)}; stderr:\n${err}`)), timeoutMs);
        const check = (): void => {
          const match = pattern.exec(err);
          if (match !== null) done(undefined, match);
        };
        const done = (error?: Error, match?: RegExpMatchArray): void => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error !== undefined) reject(error);
          else resolve(match!);
        };
        waiters.add(check);
        void exited.then((status) => done(new Error(`exited (${status}) before ${String(pattern)}; stderr:\n${err}`)));
        check();
      }),
  };
}
