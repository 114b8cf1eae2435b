import { DerandError } from '@derand/registry';

/** The exit code of a run ended by Ctrl-C (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * Turns Ctrl-C (SIGINT) into an orderly stop for the life of `work`: the first one aborts the
 * returned signal, so the work ends at its next check with what it has finished kept (a
 * `reproduce` checkpoint is written after each run); a second one quits at once. Every file is
 * written atomically, so neither leaves a half-written file. Signal handlers run only when the
 * event loop turns, so work that checks the signal must also yield between its pieces.
 *
 * @param notice - what to tell the user on the first Ctrl-C
 * @param work - the work, given the signal
 * @example await whileInterruptible('stopping after the current run', (signal) => runReproduce({ …, signal }));
 */
export async function whileInterruptible<T>(notice: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) {
      process.stderr.write('interrupted again: quitting now.\n');
      process.exit(INTERRUPTED_EXIT_CODE);
    }
    process.stderr.write(`interrupted: ${notice}; press Ctrl-C again to quit now.\n`);
    controller.abort(new DerandError('INTERRUPTED', 'interrupted by Ctrl-C'));
  };
  process.on('SIGINT', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
  }
}
