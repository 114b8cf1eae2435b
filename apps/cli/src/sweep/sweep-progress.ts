import type { CliIO } from '../io.js';

/** Seconds as `1h 02m`, `3m 05s` or `12s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/**
 * The progress bar of a sweep (stderr, on a TTY): runs ended out of the runs to do, how many
 * failed, and the time left estimated from this session's pace (runs ended per second so far).
 */
export function sweepProgress(io: CliIO, total: number): { ended(status: 'ok' | 'failed'): void; done(): void } {
  const bar = io.progress('sweep', total);
  const start = performance.now();
  let ended = 0;
  let failed = 0;
  bar.update(0);
  return {
    ended: (status) => {
      ended++;
      if (status === 'failed') failed++;
      const elapsed = (performance.now() - start) / 1000;
      const eta = ended === 0 ? undefined : (elapsed / ended) * (total - ended);
      bar.update(ended, `${failed > 0 ? `${failed} failed, ` : ''}${eta === undefined || ended === total ? '' : `ETA ${formatDuration(eta)}`}`);
    },
    done: () => bar.done(failed > 0 ? `${failed} failed` : undefined),
  };
}
