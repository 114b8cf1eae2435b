import type { z } from 'zod';

/**
 * The plugin kinds derand ships. A plugin may use any other kind name too; a solver that looks
 * parts up by a kind of its own documents that kind's contract.
 */
export type BuiltinKind =
  | 'solver'
  | 'optimizer'
  | 'loss'
  | 'model'
  | 'teacher'
  | 'activation'
  | 'rounding'
  | 'polish'
  | 'jl-loss'
  | 'jl-sampler'
  | 'smooth-function'
  | 'backend';

/** What every plugin has: identity, a one-line summary and the schema of its options. */
export interface PluginBase<K extends string = string, Id extends string = string, S extends z.ZodType = z.ZodType> {
  readonly kind: K;
  readonly id: Id;
  /** One line, shown by `derand plugins`. */
  readonly summary: string;
  /** Options schema; raw options are validated against it at the edge (CLI, config, API). */
  readonly options: S;
  /** Where the plugin came from: a package name or a user file. Set by loaders. */
  readonly source?: string;
}

/** A backend's answer to "can you run here?". */
export interface Availability {
  readonly ok: boolean;
  /** Why not, when `ok` is false (for example "nvcc not found at build time"). */
  readonly reason?: string;
  /** Facts worth printing: build flavour, device name, GEMM path. */
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

/** Typed events a solver streams while it runs. */
export type SolverEvent =
  | { readonly type: 'progress'; readonly step: number; readonly total?: number; readonly label?: string }
  | { readonly type: 'metrics'; readonly step: number; readonly values: Readonly<Record<string, number>> }
  | { readonly type: 'log'; readonly level: 'info' | 'warn'; readonly message: string }
  | { readonly type: 'snapshot'; readonly step: number; readonly name: string; readonly data: unknown }
  | { readonly type: 'done'; readonly step: number };

/**
 * Read access to the files a run's options name. On Node it reads the file system; in a browser
 * the host supplies the bytes (an upload, a fetch). `package:<name>/<path>` names a file inside
 * an installed package (the MNIST digits of the `mnist` package, for example). Solvers never
 * import `node:fs`: they read through this, which also lets the host record what was read.
 */
export interface FileAccess {
  /** The bytes of `name`; throws a {@link DerandError} naming the file and the fix when it cannot. */
  read(name: string): Promise<Uint8Array>;
}

/** What a solver receives besides its options. */
export interface SolverContext {
  /** The registry the solver was resolved from, to look up optimizers, losses, models. */
  readonly registry: AnyRegistry;
  /** The id of the active compute backend. */
  readonly backend: string;
  /** The run's root seed; every random stream is derived from it. */
  readonly seed: number;
  readonly emit: (event: SolverEvent) => void;
  /**
   * Aborting asks the solver to stop at its next check and return the best result so far (the
   * caller marks it as stopped early). Solver loops are synchronous, so a time limit is a
   * signal whose `aborted` reads the clock (see `deadlineSignal`).
   */
  readonly signal?: AbortSignal;
  /** Files named in the options (absent: the solver accepts only in-memory data). */
  readonly files?: FileAccess;
  /**
   * Bytes of memory the host lets a run use (the CLI: the machine's physical memory). Solvers
   * estimate what a problem needs from its size before allocating, and refuse one that does not
   * fit with what it would need and which option makes it fit.
   */
  readonly memoryBytes?: number;
}

/**
 * What a factory may learn about the run that uses it. Optimizers read `totalSteps` to resolve
 * a step-size schedule given without its length; other kinds ignore it.
 */
export interface CreateContext {
  /** Steps the training loop will run, when known. */
  readonly totalSteps?: number;
  /** The registry the part was resolved from, for parts that resolve parts of their own (a model's activations). */
  readonly registry?: AnyRegistry;
}

/** Contracts of the built-in kinds (what besides {@link PluginBase} each must have). */
export interface FactoryContract<O, Impl = unknown> {
  /** Builds the implementation from validated options. */
  create(options: O, context?: CreateContext): Impl;
}
export interface SolverContract<O, R = unknown> {
  run(options: O, context: SolverContext): Promise<R>;
}
export interface BackendContract<O> {
  /** Higher wins when no backend is named. */
  readonly priority: number;
  isAvailable(): Promise<Availability>;
  /** Registers the backend with tfjs-core (idempotent) and returns what it set up. */
  install(options: O): Promise<Availability>;
  /**
   * The tfjs kernels this backend runs on the host because its device lacks them (sorted names),
   * known without a device; absent for a backend that runs every kernel itself.
   */
  hostFallbackKernels?(): Promise<readonly string[]>;
  /**
   * Calls `listener` the first time each kernel name runs through the host fallback after this
   * call (once per kernel name per subscription). Returns the function that unsubscribes.
   */
  watchHostFallbacks?(listener: (kernelName: string) => void): () => void;
}

/** The contract a plugin of kind `K` must satisfy, given option type `O`. */
export type ContractFor<K extends string, O> = K extends FactoryKind
  ? FactoryContract<O>
  : K extends 'solver'
    ? SolverContract<O>
    : K extends 'backend'
      ? BackendContract<O>
      : object;

export type OptimizerPlugin<Id extends string = string, S extends z.ZodType = z.ZodType, Impl = unknown> = PluginBase<
  'optimizer',
  Id,
  S
> &
  FactoryContract<z.output<S>, Impl>;
export type LossPlugin<Id extends string = string, S extends z.ZodType = z.ZodType, Impl = unknown> = PluginBase<
  'loss',
  Id,
  S
> &
  FactoryContract<z.output<S>, Impl>;
export type ModelPlugin<Id extends string = string, S extends z.ZodType = z.ZodType, Impl = unknown> = PluginBase<
  'model',
  Id,
  S
> &
  FactoryContract<z.output<S>, Impl>;
export type SolverPlugin<Id extends string = string, S extends z.ZodType = z.ZodType, R = unknown> = PluginBase<
  'solver',
  Id,
  S
> &
  SolverContract<z.output<S>, R>;
export type BackendPlugin<Id extends string = string, S extends z.ZodType = z.ZodType> = PluginBase<'backend', Id, S> &
  BackendContract<z.output<S>>;

/** Kinds whose plugins build an implementation with `create(options, context)`. */
export type FactoryKind = 'optimizer' | 'loss' | 'model' | 'teacher' | 'activation' | 'rounding' | 'polish' | 'jl-loss' | 'jl-sampler' | 'smooth-function';

/** Any plugin of any kind. */
export type AnyPlugin = PluginBase<string, string, z.ZodType>;

/**
 * Declares a plugin, keeping its `kind` and `id` as literal types so that a registry built
 * from it types its lookups, and typing `create`/`run`/`install` from the options schema.
 *
 * @example
 * const sgd = definePlugin({
 *   kind: 'optimizer', id: 'sgd', summary: 'Plain gradient descent',
 *   options: z.object({ learningRate: z.number().positive().default(0.1) }),
 *   create: (o) => makeSgd(o.learningRate),
 * });
 */
export function definePlugin<
  const K extends string,
  const Id extends string,
  S extends z.ZodType,
  B extends ContractFor<K, z.output<S>>,
>(plugin: PluginBase<K, Id, S> & B): Defined<K, Id, S, B> {
  return plugin as unknown as Defined<K, Id, S, B>;
}

/**
 * The declared plugin with its contract methods re-typed from the schema, so that a
 * `create: () => 42` still accepts the validated options when called.
 */
export type Defined<K extends string, Id extends string, S extends z.ZodType, B> = PluginBase<K, Id, S> &
  (K extends FactoryKind
    ? B extends { create: (...args: never[]) => infer I }
      ? Omit<B, 'create'> & FactoryContract<z.output<S>, I>
      : B
    : K extends 'solver'
      ? B extends { run: (...args: never[]) => Promise<infer R> }
        ? Omit<B, 'run'> & SolverContract<z.output<S>, R>
        : B
      : K extends 'backend'
        ? Omit<B, 'install'> & BackendContract<z.output<S>>
        : B);

/** The registry interface without its plugin list, for contexts that only look things up. */
export interface AnyRegistry {
  readonly plugins: readonly AnyPlugin[];
  resolve(kind: string, id: string): AnyPlugin;
  has(kind: string, id: string): boolean;
  list(kind?: string): PluginSummary[];
  parseOptions(kind: string, id: string, raw: unknown): unknown;
}

/** What `list(kind)` returns for one plugin. */
export interface PluginSummary {
  readonly id: string;
  readonly kind: string;
  readonly summary: string;
  /** JSON Schema of the options (draft 2020-12). */
  readonly options: Record<string, unknown>;
  readonly source?: string;
}
