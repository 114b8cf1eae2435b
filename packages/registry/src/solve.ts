import { forwardHostFallbacks } from './host-fallback-events.js';
import type { AnyRegistry, SolverContext } from './plugin.js';

/** A solver run as plain data: what `derand run`, `reproduce` experiments and sweeps exchange. */
export interface RunSpec {
  /** Solver plugin id. */
  readonly solver: string;
  /** Raw options, validated by the solver's schema before it runs. */
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * Validates raw options against the solver's schema and runs it: the one path from plain JSON
 * to a result that the CLI, `reproduce`, the benchmarks and sweeps share. Kernels the backend
 * runs on the host for lack of a device kernel are reported on `context.emit`, once per kernel
 * name ({@link forwardHostFallbacks}).
 *
 * @throws UnknownPluginError for an unknown solver id; PluginOptionsError listing every bad option.
 * @example const result = await runSolver(registry, { solver: 'maxcut', options: { graph } }, context);
 */
export async function runSolver(registry: AnyRegistry, spec: RunSpec, context: SolverContext): Promise<unknown> {
  const plugin = registry.resolve('solver', spec.solver) as unknown as { run(options: unknown, context: SolverContext): Promise<unknown> };
  const options = registry.parseOptions('solver', spec.solver, spec.options);
  const stop = forwardHostFallbacks(registry, context.backend, context.emit);
  try {
    return await plugin.run(options, context);
  } finally {
    stop();
  }
}

/**
 * An AbortSignal that reads as aborted once `seconds` have passed (or when `parent` aborts).
 * Solver loops are synchronous and never yield to the event loop, so a timer-based signal
 * (`AbortSignal.timeout`) would not fire during them; this one consults the clock whenever a
 * loop checks `signal.aborted`.
 *
 * @example const signal = deadlineSignal(30); // solvers return their best result after 30 s
 */
export function deadlineSignal(seconds: number, parent?: AbortSignal): AbortSignal {
  const controller = new AbortController();
  const deadline = performance.now() + seconds * 1000;
  const signal = controller.signal;
  Object.defineProperty(signal, 'aborted', {
    get: () => {
      if (!controller.signal.reason && (performance.now() >= deadline || parent?.aborted === true)) {
        // abort() settles `reason` and the listeners; it reads `aborted` through the original getter
        controller.abort(parent?.aborted === true ? parent.reason : new Error(`time limit of ${seconds} s reached`));
      }
      return controller.signal.reason !== undefined;
    },
  });
  return signal;
}
