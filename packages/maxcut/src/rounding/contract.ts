import type { AnyRegistry } from '@derand/registry';
import type { RandomKey, SospSummary } from '@derand/core';
import type { Graph } from '../graph/graph.js';
import type { Sides } from '../cut/cut-value.js';
import type { SdpSolution } from '../sdp/mixing-method.js';

/** One record of a rounding's history (the data of the paper's Figs. 4–5). */
export interface MaxcutHistoryRecord {
  readonly step: number;
  readonly cut: number;
  /** ‖V‖_F (derandomized) or max σ (score-function). */
  readonly normV?: number;
  readonly maxSigma?: number;
  readonly value?: number;
}

/** Progress of a rounding at its metrics cadence. */
export interface RoundingProgress {
  readonly step: number;
  readonly total: number;
  readonly cut: number;
  readonly normV?: number;
}

/**
 * The certificate at a rounding's final point, as reported in results: the ρ-SOSP figures at the
 * stated ρ (the `certifyRho` option; the rounding stops on collapse, so `failure` says which half
 * does not hold, if one does) and the lemma's bound.
 */
export interface RoundingCertificate extends SospSummary {
  readonly lemma?: { readonly normW: number; readonly bound: number; readonly holds: boolean; readonly applicable: boolean; readonly reason?: string };
  readonly hvp: 'autodiff' | 'finite-difference';
  readonly seconds: number;
}

/** What a rounding receives from the pipeline. */
export interface RoundingInput {
  readonly graph: Graph;
  readonly sdp: SdpSolution;
  /** The rounding's own random stream (the pipeline's root key folded with 'rounding'). */
  readonly key: RandomKey;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RoundingProgress) => void;
}

/** What a rounding returns: the cut and method-specific figures, reported apart. */
export interface RoundingOutput {
  readonly sides: Sides;
  readonly cut: number;
  /** Method-specific figures (‖V‖_F, steps, whether V collapsed …), copied into the result. */
  readonly details: Readonly<Record<string, number | boolean | string | null>>;
  readonly history?: readonly MaxcutHistoryRecord[];
  readonly certificate?: RoundingCertificate;
}

/**
 * A rounding built from validated options by a `rounding` plugin's `create(options, context)`;
 * `create` resolves the rounding's own parts (an optimizer) from `context.registry`, so problems
 * surface before the pipeline computes anything.
 */
export interface Rounding {
  round(input: RoundingInput): RoundingOutput;
}

/** What a polish receives: the rounding's input plus the cut to improve and an optional target. */
export interface PolishInput extends RoundingInput {
  readonly sides: Sides;
  readonly cut: number;
  /** Stop once a cut ≥ target is found (the best known value, when given). */
  readonly target?: number;
}

/** A polish's result; `unchanged` marks a polish that does nothing (id 'none'). */
export interface PolishOutput {
  readonly sides: Sides;
  readonly cut: number;
  readonly details: Readonly<Record<string, number | boolean | string | null>>;
  readonly unchanged?: boolean;
}

/** A local search after the rounding, built by a `polish` plugin's `create(options)`. */
export interface Polish {
  polish(input: PolishInput): PolishOutput;
}

/** What `create` of a rounding or polish plugin receives. */
export interface PartContext {
  readonly registry?: AnyRegistry;
}
