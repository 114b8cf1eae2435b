import type { SospSummary } from '@derand/core';
import type { NormalizedStructureConfig } from '../config/config.js';

/** One row of the metrics history (at the metrics cadence). */
export interface StructureHistoryRow {
  readonly step: number;
  /** f on that step's batch (loss + λ term). */
  readonly value: number;
  readonly gradNorm: number;
  readonly orthFraction: number;
  readonly normWperp: number;
  readonly relWperp: number;
  readonly effectiveRank: number;
  readonly testLoss?: number;
  readonly [extra: string]: number | undefined;
}

/** First-layer neurons at log-spaced steps, for the Fig. 3 trajectory plot. */
export interface StructureTrajectory {
  readonly steps: number[];
  /** Indices of the neurons kept (evenly spaced over the first layer). */
  readonly neurons: number[];
  /** `raw`: (w₁, w₂) when d = 2; `projected`: (⟨w, u₁⟩, ‖w⊥‖) otherwise. */
  readonly coordinates: 'raw' | 'projected';
  /** points[s][i] = the two coordinates of neuron neurons[i] at steps[s]. */
  readonly points: [number, number][][];
  /** U, row-major k × d. */
  readonly directions: number[];
}

/** The certificate at the returned point, with the lemma's bounds on ‖W⊥‖_F. */
export interface StructureCertificate extends SospSummary {
  /** Fixed sample size the certificate held, or 'quadrature' (population risk). */
  readonly samples: number | 'quadrature';
  readonly lambdaMax: number;
  readonly KEstimated: boolean;
  readonly hvpCount: number;
  /** 4·2⁻²⁴·‖W‖_F: below this ‖W⊥‖_F is float32 round-off; bound checks allow this margin. */
  readonly resolution: number;
  /** Theorem 4.1: ‖W⊥‖_F ≤ ρ/(2λ − √(Kρ)) when 2λ > √(Kρ). */
  readonly theoremBound: { readonly bound: number | null; readonly applicable: boolean; readonly holds: boolean | null; readonly reason?: string };
  /**
   * Stein's identity ∇_W f·P⊥ = (∇²_b f + 2λI)W⊥ (exact for the population risk) gives
   * ‖W⊥‖_F ≤ ‖∇_W f·P⊥‖_F / (2λ + λ_min(∇²_b f)) at any point where the denominator is positive.
   * Absent without a trainable first-layer bias.
   */
  readonly steinBound?: {
    readonly gradWperp: number;
    readonly lambdaMinBias: number;
    readonly bound: number | null;
    readonly applicable: boolean;
    readonly holds: boolean | null;
    /** True with quadrature data (then the identity holds up to quadrature error). */
    readonly exact: boolean;
  };
}

/** Everything a structure-discovery run reports (JSON-serialisable). */
export interface StructureResult {
  readonly solver: 'structure-discovery';
  readonly version: 1;
  readonly seed: number;
  readonly backend: string;
  readonly config: NormalizedStructureConfig;
  readonly model: string;
  readonly trainable: string[];
  readonly parameters: number;
  readonly loss: string;
  readonly optimizer: string;
  readonly steps: number;
  /** Why the loop stopped: 'steps', 'non-finite', 'aborted', or the optimizer's reason. */
  readonly reason: string;
  readonly nonFinite?: { readonly step: number; readonly returnedStep: number };
  /** Training-loop milliseconds per step (metrics, snapshots and test evaluations excluded). */
  readonly msPerStep: number;
  readonly wallSeconds: number;
  /** Where the wall time went: the training loop, metrics/snapshots/test evaluations, the certificate. */
  readonly timings: { readonly trainingSeconds: number; readonly metricsSeconds: number; readonly certificateSeconds: number };
  readonly start: { readonly orthFraction: number; readonly normWperp: number; readonly testLoss: number };
  readonly orthFraction: number;
  readonly normW: number;
  readonly normWperp: number;
  readonly relWperp: number;
  readonly principalAnglesDeg: number[];
  readonly singularValues: number[];
  readonly effectiveRank: number;
  readonly stableRank: number;
  /** Mean of the batch objective over the last tenth of the metrics history. */
  readonly trainLoss: number;
  /** Mean loss on the fixed test set (clean labels). */
  readonly testLoss: number;
  readonly history: StructureHistoryRow[];
  readonly trajectory: StructureTrajectory;
  readonly certificate?: StructureCertificate;
  /** The returned parameters (the last finite ones after a blow-up), when asked for. */
  readonly params?: Record<string, { readonly shape: number[]; readonly values: number[] }>;
  readonly warnings: string[];
}
