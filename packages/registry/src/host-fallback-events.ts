import type { AnyRegistry, BackendPlugin, SolverEvent } from './plugin.js';

/** The warning a run's event stream carries the first time a kernel falls back to the host. */
export function hostFallbackMessage(backend: string, kernelName: string): string {
  return `backend '${backend}' has no device kernel for ${kernelName}: it runs on the host (inputs read back, outputs uploaded; slow). Shown once per kernel.`;
}

/**
 * Forwards the host fallbacks of the backend `backend` (a plugin id in `registry`) to a run's
 * event stream: one `log` event of level `warn` per kernel name, the first time it falls back.
 * A backend that is not a registered plugin, or whose plugin cannot fall back, forwards nothing.
 *
 * @returns the function that stops forwarding
 * @example
 * const stop = forwardHostFallbacks(registry, engine.backend, emit);
 * try { await solver.run(options, context); } finally { stop(); }
 */
export function forwardHostFallbacks(registry: AnyRegistry, backend: string, emit: (event: SolverEvent) => void): () => void {
  if (!registry.has('backend', backend)) return () => {};
  const plugin = registry.resolve('backend', backend) as unknown as BackendPlugin;
  if (plugin.watchHostFallbacks === undefined) return () => {};
  const warned = new Set<string>();
  return plugin.watchHostFallbacks((kernelName) => {
    // the contract already says once per kernel; a plugin that reports every call is held to it here
    if (warned.has(kernelName)) return;
    warned.add(kernelName);
    emit({ type: 'log', level: 'warn', message: hostFallbackMessage(backend, kernelName) });
  });
}
