import { keyFromSeed, sampleNormal, type RandomKey } from '@derand/core';
import {
  choleskyBackwardError,
  choleskySolve,
  isPositiveDefinite,
  lanczos,
  minimumDegreeOrdering,
  sparseCholesky,
  sparseCholeskyBackwardError,
  sparseCholeskySolve,
  sparseCholeskyWorkspace,
  symbolicCholesky,
} from '@derand/core/linalg';
import type { Graph } from '../graph/graph.js';
import type { SdpSolution } from './mixing-method.js';

/** Default of {@link UpperBoundOptions.verifyLimit}. */
export const DENSE_VERIFY_LIMIT = 2500;
/** Default of {@link UpperBoundOptions.sparseVerifyLimit}. */
export const SPARSE_VERIFY_LIMIT = 200_000;
/** Default of {@link UpperBoundOptions.maxFactorNonzeros}: 2²⁴ entries of L, about 200 MB with their row indices. */
export const MAX_FACTOR_NONZEROS = 2 ** 24;
/**
 * Default of {@link UpperBoundOptions.maxFactorFlops}: about half a second per numeric
 * factorisation, a few seconds for the ordering; 5× what the 20 000-vertex torus needs.
 */
export const MAX_FACTOR_FLOPS = 5e8;

export interface UpperBoundOptions {
  /** Verify λ_min by a dense Cholesky factorisation when n ≤ this (default 2500; n³/3 flops, 8n² bytes). */
  readonly verifyLimit?: number;
  /**
   * Above `verifyLimit` and up to this n, verify by a sparse Cholesky factorisation in a
   * minimum-degree order (default 200 000); above it the Lanczos estimate is reported unverified.
   */
  readonly sparseVerifyLimit?: number;
  /**
   * The sparse path gives up (unverified Lanczos estimate) when the factor would hold more
   * nonzeros than this (default 2²⁴ ≈ 16.8 M, about 200 MB): the ordering stops as soon as its fill
   * is known to exceed it, before the factor is allocated.
   */
  readonly maxFactorNonzeros?: number;
  /**
   * The sparse path gives up (unverified Lanczos estimate) when a numeric factorisation would
   * take more flops than this (default 5e8): the fill of a sparse random graph grows like a dense
   * block (n = 20 000, m = 40 000: nnz(L) = 10⁷, 5·10¹⁰ flops, a minute and a half to order),
   * whereas a 2-D torus of the same n needs 9·10⁷. The ordering stops as soon as it passes the
   * cap (there after about 3 s).
   */
  readonly maxFactorFlops?: number;
  readonly key?: RandomKey;
}

/** How the bound was verified: time, factorisations and, for the sparse path, the factor's size. */
export interface BoundVerification {
  /** Seconds of the Lanczos run. */
  readonly lanczosSeconds: number;
  /** Seconds of the rest: ordering and symbolic factorisation, numeric factorisations, inverse runs. */
  readonly seconds: number;
  /** Cholesky factorisations tried (each one a positive-definiteness test of S − tI). */
  readonly factorisations: number;
  /** Sparse path: seconds of the minimum-degree ordering and the symbolic factorisation. */
  readonly orderingSeconds?: number;
  /** Sparse path: nnz(L), the diagonal included. */
  readonly factorNonzeros?: number;
  /** Sparse path: flops of one numeric factorisation. */
  readonly factorFlops?: number;
  /** Sparse path: k, the most nonzeros in a column of L. */
  readonly maxColumnCount?: number;
  /** Sparse path: the most nonzeros in a row of L, which sets the floating-point margin. */
  readonly maxRowCount?: number;
  /** λ_min estimated (from above) by Lanczos on (S − σI)⁻¹ at a shift σ that factorised, when the first shift left room. */
  readonly inverseEstimate?: number;
  /** Lanczos steps on (S − σI)⁻¹, and in how many rounds (a new σ each). */
  readonly inverseIterations?: number;
  readonly inverseRounds?: number;
  /** When the bound is not verified: why. */
  readonly unverifiedBecause?: string;
}

/** A dual certificate for the MAXCUT SDP and the upper bound it proves. */
export interface UpperBound {
  /**
   * An upper bound on the SDP optimum, hence on every cut: Σ_i y_i − n·t with t ≤ λ_min(S).
   * For integer weights every cut is also ≤ ⌊upperBound⌋.
   */
  readonly value: number;
  /** Σ_i y_i (equals the SDP value at V by the choice of y). */
  readonly dualSum: number;
  /** The smallest Ritz value θ of S = Diag(y) − L/4 and its residual. */
  readonly ritzValue: number;
  readonly ritzResidual: number;
  /** The shift t used: S − tI ⪰ 0 (verified when `verified`). */
  readonly shift: number;
  /**
   * `'lanczos+cholesky'`: S − tI was factorised densely, so the bound is rigorous (including a
   * floating-point margin); `'lanczos+sparse-cholesky'`: the same with a sparse factorisation in a
   * minimum-degree order and the sparse margin. `'lanczos'`: t comes from the Ritz pair only
   * (n above the limits, too much fill, or verification failed): an estimate, not a proof.
   */
  readonly method: 'lanczos+cholesky' | 'lanczos+sparse-cholesky' | 'lanczos';
  readonly verified: boolean;
  readonly lanczosIterations: number;
  /** How long it took, how many factorisations, the sparse factor's size; or why it is unverified. */
  readonly verification: BoundVerification;
}

const UNIT_ROUNDOFF = 2 ** -53;
/** Most dense factorisations (n³/3 each). */
const DENSE_TRIES = 6;
/** Most sparse factorisations. */
const SPARSE_TRIES = 12;
/**
 * What the bound may still gain, relative, when the shift search stops: looser for the dense
 * path, whose every factorisation is n³/3 (on G22 a second one gains 2.7e-6 for 1.4 s).
 */
const DENSE_TOLERANCE = 1e-5;
const SPARSE_TOLERANCE = 1e-6;
/** Lanczos steps on S for the dense path and the unverified estimate. */
const LANCZOS_STEPS = 300;
/** Lanczos steps on S before the sparse path: only a first shift is needed (the inverse run sharpens it). */
const SPARSE_LANCZOS_STEPS = 100;
/** Most Lanczos steps on (S − σI)⁻¹ per round. */
const INVERSE_STEPS = 100;

/**
 * The search for the largest t at which S − tI factorises: every factorisation that succeeds
 * proves λ_min ≥ t − margin (`factorise` returns that proven shift, or undefined on failure);
 * `low` is the highest t that factorised, `high` the lowest that did not (or an estimate of λ_min
 * from above). Done when n·(high − low) ≤ `tolerance`: the bound is then within `tolerance` of
 * the best this dual point gives.
 */
class ShiftSearch {
  low: number | undefined;
  high: number;
  proven: number | undefined;
  tries = 0;

  constructor(
    estimate: number,
    private readonly n: number,
    private readonly tolerance: number,
    private readonly floor: number,
    private readonly factorise: (t: number) => number | undefined,
  ) {
    this.high = estimate;
  }

  done(): boolean {
    return this.low !== undefined && this.n * (this.high - this.low) <= this.tolerance;
  }

  attempt(t: number): boolean {
    this.tries++;
    const p = this.factorise(t);
    if (p === undefined) {
      this.high = Math.min(this.high, t);
      return false;
    }
    this.low = this.low === undefined ? t : Math.max(this.low, t);
    this.proven = this.proven === undefined ? p : Math.max(this.proven, p);
    return true;
  }

  /**
   * Tries `anchor − distance`, then distances 10× larger (at least `step`), until one factorises,
   * the next would be below the highest t known to factorise (or the Gershgorin floor, where
   * S − tI is diagonally dominant), or `maxTries` factorisations were spent in all.
   */
  descend(anchor: number, distance: number, step: number, maxTries: number): boolean {
    const bottom = Math.max(this.low ?? -Infinity, this.floor);
    for (let d = distance; this.tries < maxTries; d = Math.max(10 * d, step)) {
      const t = Math.max(anchor - d, bottom);
      if (t === this.low) return true;
      if (this.attempt(t)) return true;
      if (t === bottom) return false;
    }
    return false;
  }

  /** Halves [low, high] until done or `maxTries` factorisations in all. */
  bisect(maxTries: number): void {
    while (this.low !== undefined && !this.done() && this.tries < maxTries) this.attempt((this.low + this.high) / 2);
  }
}

/** The last factorisation that succeeded: its shift and a solver for S − tI. */
interface Factored {
  readonly t: number;
  readonly solve: (x: Float64Array) => Float64Array;
}

/** What the inverse runs found: λ_min estimated from above, Lanczos steps and rounds. */
interface InverseRun {
  readonly estimate: number;
  readonly iterations: number;
  readonly rounds: number;
}

const inverseFields = (run: InverseRun | undefined): Partial<BoundVerification> =>
  run === undefined ? {} : { inverseEstimate: run.estimate, inverseIterations: run.iterations, inverseRounds: run.rounds };

/**
 * Sharpens the search after its first success by shift and invert: at σ = the t just factorised
 * the top eigenvalue of (S − σI)⁻¹ is 1/(λ_min − σ), well apart from the rest when σ is near
 * λ_min, so a short Lanczos run on x ↦ (S − σI)⁻¹x (two triangular solves per step) gives
 * λ_min to many digits; t just below that estimate is then factorised (descending by 10× on a
 * failure). At most three rounds, each from the latest success.
 */
function sharpen(search: ShiftSearch, start: Float64Array, n: number, target: number, maxTries: number, factored: () => Factored | undefined): InverseRun | undefined {
  let run: InverseRun | undefined;
  for (let round = 0; round < 3 && !search.done() && search.tries < maxTries; round++) {
    const at = factored();
    if (at === undefined) break;
    // a Ritz value μ of (S − σI)⁻¹ with residual ρ is within ρ of an eigenvalue; 1/μ moves by ρ/μ², and μ ≥ 1/(high − σ)
    const gap = Math.max(search.high - at.t, Number.MIN_VALUE);
    const top = lanczos(
      (x) => {
        const y = at.solve(x);
        for (let i = 0; i < n; i++) y[i] = -y[i]!;
        return y;
      },
      start,
      { steps: Math.min(n, INVERSE_STEPS), tolerance: target / (gap * gap) },
    );
    // the top eigenvalue of (S − σI)⁻¹ is ≥ its Ritz value −top.min, so the estimate is ≥ λ_min (up to rounding)
    const estimate = at.t - 1 / top.min;
    run = { estimate, iterations: (run?.iterations ?? 0) + top.iterations, rounds: round + 1 };
    search.high = Math.min(search.high, estimate);
    if (search.done() || !search.descend(estimate, target, 0, maxTries)) break;
  }
  return run;
}

/**
 * Certifies an upper bound on MAXCUT from an SDP solution V by weak duality.
 *
 * Primal: max ¼⟨L, X⟩ s.t. diag X = 1, X ⪰ 0 (L = D − A, the weighted Laplacian).
 * Dual: min Σ y_i s.t. S(y) = Diag(y) − L/4 ⪰ 0. For any y and t ≤ λ_min(S(y)),
 * y − t·1 is dual feasible, so OPT_cut ≤ OPT_SDP ≤ Σ y_i − n·t.
 * With g_i = Σ_j w_ij v_j the choice y_i = (d_i − v_i·g_i)/4 (the KKT multipliers of the
 * low-rank solution) gives Σ y = SDP value at V and S = (A − Diag(v_i·g_i))/4, so the gap
 * to the SDP value is exactly −n·λ_min(S) ≥ 0, zero at an exact optimum.
 *
 * λ_min comes from Lanczos (an upper estimate θ with residual ε); it is then proven: S − tI is
 * factorised by Cholesky at t = θ − 2ε − a tiny margin, lower (10× growing steps) while that
 * fails. When the success leaves more than a small fraction of the bound on the table
 * (n·(θ − t) above 1e-5 of it dense, 1e-6 sparse), Lanczos on (S − tI)⁻¹ (shift and invert, two
 * triangular solves a step with the factor just computed) estimates λ_min to many digits and
 * t just below it is factorised; a bisection uses what is left of 6 (dense) or 12 (sparse)
 * factorisations. The best t that factorised is lowered by the Cholesky backward-error bound
 * and the rounding of the diagonal entries. Up to `verifyLimit` vertices the factorisation is
 * dense (n³/3); above it, up to `sparseVerifyLimit`, it is sparse on the graph's own pattern in
 * a minimum-degree order, with the sparse margin 2(r + 1)·n·u·max|diag| (r the most nonzeros in
 * a row of L), after a shorter Lanczos run (100 steps instead of 300: the inverse run does the
 * rest). Above that, or when the factor would exceed `maxFactorNonzeros` or `maxFactorFlops`,
 * the Lanczos value is reported unverified.
 *
 * @param graph - the graph the SDP was solved on
 * @param sdp - the SDP solution (unit rows)
 * @param options - verifyLimit (2500), sparseVerifyLimit (200 000), maxFactorNonzeros (2²⁴), maxFactorFlops (5e8), key for the Lanczos start
 * @example
 * const bound = certifyUpperBound(graph, solveSdp(graph));
 * bound.value; // ≥ every cut of graph; bound.verified tells whether it is a proof
 * @see Poljak & Rendl (1995); Burer & Monteiro (2003) for the low-rank dual.
 */
export function certifyUpperBound(graph: Graph, sdp: SdpSolution, options: UpperBoundOptions = {}): UpperBound {
  const { n, offsets, neighbors, neighborWeight } = graph;
  const { rank, vectors } = sdp;
  const c = new Float64Array(n);
  let dualSum = 0;
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      const w = neighborWeight[k]!;
      const a = i * rank;
      const b = neighbors[k]! * rank;
      let vv = 0;
      for (let t = 0; t < rank; t++) vv += vectors[a + t]! * vectors[b + t]!;
      dot += w * vv;
    }
    c[i] = dot;
    dualSum += (graph.degree[i]! - dot) / 4;
  }
  const apply = (x: Float64Array): Float64Array => {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = -c[i]! * x[i]!;
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) s += neighborWeight[k]! * x[neighbors[k]!]!;
      y[i] = s / 4;
    }
    return y;
  };
  let scale = 0;
  // Gershgorin: λ_min(S) ≥ min_i (S_ii − Σ_j |S_ij|), the lowest shift the search needs
  let floor = Infinity;
  for (let i = 0; i < n; i++) {
    let off = 0;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) off += Math.abs(neighborWeight[k]!);
    scale = Math.max(scale, (Math.abs(c[i]!) + Math.abs(graph.degree[i]!)) / 4);
    floor = Math.min(floor, (-c[i]! - off) / 4);
  }
  floor -= 1e-9 * Math.max(1, scale);
  const verifyLimit = options.verifyLimit ?? DENSE_VERIFY_LIMIT;
  const sparseVerifyLimit = options.sparseVerifyLimit ?? SPARSE_VERIFY_LIMIT;
  const maxNonzeros = options.maxFactorNonzeros ?? MAX_FACTOR_NONZEROS;
  const maxFlops = options.maxFactorFlops ?? MAX_FACTOR_FLOPS;
  const started = performance.now();
  const since = (t: number): number => (performance.now() - t) / 1000;
  // the sparse path orders first: when the fill is too large, the unverified estimate gets the longer Lanczos run
  const path = n <= verifyLimit ? 'dense' : n <= sparseVerifyLimit ? 'sparse' : 'none';
  const ordering = path === 'sparse' ? minimumDegreeOrdering(graph, { maxNonzeros, maxFlops }) : undefined;
  const symbolic = ordering === undefined || 'stopped' in ordering ? undefined : symbolicCholesky(graph, ordering.order);
  const orderingSeconds = since(started);
  const lanczosStart = performance.now();
  const steps = symbolic === undefined ? LANCZOS_STEPS : SPARSE_LANCZOS_STEPS;
  const spectrum = lanczos(apply, sampleNormal(options.key ?? keyFromSeed(11), n), { steps: Math.min(n, steps), tolerance: 1e-9 * Math.max(1, scale) });
  const lanczosSeconds = since(lanczosStart);
  const ritz = { value: spectrum.min, residual: spectrum.residual, iterations: spectrum.iterations };
  const base = {
    dualSum,
    ritzValue: ritz.value,
    ritzResidual: ritz.residual,
    lanczosIterations: ritz.iterations,
  };
  // stop refining once n·(high − low), what the bound could still gain, is this fraction of it
  const tolerance = (path === 'dense' ? DENSE_TOLERANCE : SPARSE_TOLERANCE) * Math.max(1, Math.abs(dualSum));
  const seconds = (): number => since(started) - lanczosSeconds;
  const unverified = (because: string, extra: Partial<BoundVerification> = {}): UpperBound => {
    const shift = ritz.value - 2 * ritz.residual;
    return {
      ...base,
      value: dualSum - n * Math.min(shift, 0),
      shift,
      method: 'lanczos',
      verified: false,
      verification: { lanczosSeconds, seconds: seconds(), factorisations: 0, ...extra, unverifiedBecause: because },
    };
  };
  const proved = (shift: number, method: 'lanczos+cholesky' | 'lanczos+sparse-cholesky', verification: BoundVerification): UpperBound => ({
    ...base,
    value: dualSum - n * Math.min(shift, 0),
    shift,
    method,
    verified: true,
    verification,
  });
  const tiny = 1e-12 * Math.max(1, scale);
  const step = 1e-6 * Math.max(1, scale);
  // aim of the inverse runs: λ_min to within `target`, so that the bound loses n·target = 1e-3·tolerance
  const target = (1e-3 * tolerance) / n;
  if (path === 'dense') {
    const dense = new Float64Array(n * n);
    let factored: Factored | undefined;
    const search = new ShiftSearch(ritz.value, n, tolerance, floor, (t) => {
      dense.fill(0);
      let maxDiagonal = 0;
      for (let i = 0; i < n; i++) {
        dense[i * n + i] = -c[i]! / 4 - t;
        maxDiagonal = Math.max(maxDiagonal, Math.abs(dense[i * n + i]!));
        for (let k = offsets[i]!; k < offsets[i + 1]!; k++) dense[i * n + neighbors[k]!]! += neighborWeight[k]! / 4;
      }
      const ok = isPositiveDefinite(dense, n);
      factored = ok ? { t, solve: (x) => choleskySolve(dense, n, x) } : undefined;
      // the margin covers the factorisation and the rounding of each diagonal entry (≤ u·|entry|)
      return ok ? t - choleskyBackwardError(n, maxDiagonal) - UNIT_ROUNDOFF * maxDiagonal : undefined;
    });
    const inverse = search.descend(ritz.value, 2 * ritz.residual + tiny, step, DENSE_TRIES) ? sharpen(search, spectrum.minVector, n, target, DENSE_TRIES, () => factored) : undefined;
    search.bisect(DENSE_TRIES);
    const verification = { lanczosSeconds, seconds: seconds(), factorisations: search.tries, ...inverseFields(inverse) };
    if (search.proven !== undefined) return proved(search.proven, 'lanczos+cholesky', verification);
    return unverified(`no shift in ${search.tries} dense Cholesky factorisations was positive definite`, verification);
  }
  if (path === 'none') return unverified(`n = ${n} is above sparseVerifyLimit = ${sparseVerifyLimit}`);
  if (ordering !== undefined && 'stopped' in ordering) {
    const why = ordering.stopped === 'nonzeros' ? `hold more than maxFactorNonzeros = ${maxNonzeros} entries` : `take more than maxFactorFlops = ${maxFlops} flops`;
    return unverified(`the sparse Cholesky factor would ${why} (the minimum-degree ordering stopped after ${ordering.eliminated} of ${n} vertices)`, { orderingSeconds });
  }
  if (symbolic === undefined) return unverified('no sparse factorisation');
  const workspace = sparseCholeskyWorkspace(symbolic);
  const diagonal = new Float64Array(n);
  const matrix = { n, offsets, neighbors, values: neighborWeight.map((w) => w / 4), diagonal };
  let factored: Factored | undefined;
  const search = new ShiftSearch(ritz.value, n, tolerance, floor, (t) => {
    for (let i = 0; i < n; i++) diagonal[i] = -c[i]! / 4 - t;
    const f = sparseCholesky(matrix, symbolic, workspace);
    factored = f.positiveDefinite ? { t, solve: (x) => sparseCholeskySolve(f, symbolic, x) } : undefined;
    // the margin covers the factorisation and the rounding of each diagonal entry (≤ u·|entry|)
    return f.positiveDefinite ? t - sparseCholeskyBackwardError(f.maxRowCount, n, f.maxDiagonal) - UNIT_ROUNDOFF * f.maxDiagonal : undefined;
  });
  const inverse = search.descend(ritz.value, 2 * ritz.residual + tiny, step, SPARSE_TRIES) ? sharpen(search, spectrum.minVector, n, target, SPARSE_TRIES, () => factored) : undefined;
  search.bisect(SPARSE_TRIES);
  const verification = {
    lanczosSeconds,
    seconds: seconds(),
    factorisations: search.tries,
    orderingSeconds,
    factorNonzeros: symbolic.nonzeros,
    factorFlops: symbolic.flops,
    maxColumnCount: symbolic.maxColumnCount,
    maxRowCount: symbolic.maxRowCount,
    ...inverseFields(inverse),
  };
  if (search.proven !== undefined) return proved(search.proven, 'lanczos+sparse-cholesky', verification);
  return unverified(`no shift in ${search.tries} sparse Cholesky factorisations was positive definite`, verification);
}
