import type { RunSpec, SolverEvent } from '@derand/registry';

/** What the page asks the demo worker to do. */
export interface RunRequest {
  readonly type: 'run';
  /** Distinguishes the answers of successive runs. */
  readonly id: number;
  readonly spec: RunSpec;
  readonly seed: number;
  /** Base URL the worker resolves data file names against (the site's root). */
  readonly baseUrl: string;
}

/** How the wasm backend was set up in the worker, as measured there. */
export interface EngineReport {
  readonly backend: string;
  /** What the backend plugin reported when it installed (implementation, simd flag, threads). */
  readonly details: Readonly<Record<string, string | number | boolean>>;
  /** Whether this browser validates a module with wasm SIMD instructions (feature detection). */
  readonly simdSupported: boolean;
  /** The .wasm files the worker fetched (resource timing), so a reader can see which build ran. */
  readonly wasmFiles: readonly string[];
  /** Seconds from the first request to a ready engine. */
  readonly startSeconds: number;
}

/** What the worker answers. */
export type WorkerMessage =
  | { readonly type: 'engine'; readonly id: number; readonly engine: EngineReport }
  | { readonly type: 'event'; readonly id: number; readonly event: SolverEvent }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly result: unknown;
      /** Wall-clock seconds of the solver run in the worker. */
      readonly seconds: number;
      /** Live tensors before and after the run (equal when the run leaked none). */
      readonly tensors: { readonly before: number; readonly after: number };
    }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
