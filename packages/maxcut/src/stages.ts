import type { MaxcutResult } from './solve-maxcut.js';

/** One stage of the MAXCUT pipeline as reported: its name, the figure it produced and notes. */
export interface MaxcutStage {
  /** Stable id: `sdp`, `bound`, `compression`, `gw-expected`, `gw-best`, `sign`, `conditional`, `polish`, `gw-polish`, `exact`. */
  readonly id: string;
  /** What the figure is, for a reader. */
  readonly label: string;
  /** The stage's figure (a cut or bound value, or for `compression` the rank kept). */
  readonly value: number;
  /** Further figures of the stage (‖V‖_F, ‖∇f‖, re-decided vertices …), in words. */
  readonly note: string;
}

const exp = (x: number | null | undefined): string => (typeof x === 'number' ? x.toExponential(2) : 'n/a');

/**
 * The stages of a MAXCUT result in pipeline order, each with its own named figure: the list the
 * CLI prints, the report tabulates and the benchmarks record, so that what the paper's method
 * produced (`sign`: sign(μ) at the end of training) is never confused with what a later step
 * added (`conditional`, `polish`). Stages that did not run are left out.
 *
 * @param r - a result of `solveMaxcut`
 * @returns the stages, in order
 * @example maxcutStages(result).map((s) => `${s.label}: ${s.value}`);
 */
export function maxcutStages(r: MaxcutResult): MaxcutStage[] {
  const stages: MaxcutStage[] = [
    { id: 'sdp', label: 'SDP value', value: r.sdpValue, note: `rank ${r.sdpRank}, ${r.sdpSweeps} sweeps` },
    { id: 'bound', label: 'upper bound', value: r.upperBound, note: r.upperBoundVerified ? `verified (${r.upperBoundMethod})` : `not verified (${r.upperBoundMethod})` },
  ];
  if (r.roundingRank !== null) {
    stages.push({ id: 'compression', label: 'V₀ columns kept', value: r.roundingRank, note: `dropped fraction of ‖V₀‖²_F ${exp(r.droppedEnergy)}` });
  }
  stages.push(
    { id: 'gw-expected', label: 'E[GW] (exact expected hyperplane cut)', value: r.gwExpected, note: 'same SDP vectors' },
    { id: 'gw-best', label: `GW best of ${r.hyperplanes}`, value: r.gwBest, note: `mean ${r.gwMean.toFixed(1)}` },
  );
  if (r.signCut !== null) {
    stages.push({
      id: 'sign',
      label: 'derandomized: sign(μ), the paper’s rounding',
      value: r.signCut,
      note: `‖V‖_F ${exp(r.normV0)} → ${exp(r.normV)} (${r.collapsed === true ? 'collapsed' : 'not collapsed'}), ${r.steps ?? '?'} steps, ‖∇f‖ ${exp(r.gradNorm)}${typeof r.roundingDetails['implementation'] === 'string' ? `, ${r.roundingDetails['implementation']} objective` : ''}`,
    });
  } else {
    stages.push({ id: 'rounding', label: `${r.rounding} rounding`, value: r.roundedCut, note: Object.entries(r.roundingDetails).map(([k, v]) => `${k} ${String(v)}`).join(', ') });
  }
  if (r.conditionalCut !== null) {
    stages.push({
      id: 'conditional',
      label: 'after the conditional-expectation step',
      value: r.conditionalCut,
      note: `${r.redecided ?? 0} vertices re-decided; ${r.conditionalApplied === true ? 'applied: the polish starts from it' : 'reported only: the polish starts from sign(μ)'}`,
    });
  }
  if (r.polishedCut !== null) stages.push({ id: 'polish', label: `${r.polish} polish of our cut`, value: r.polishedCut, note: `from ${r.roundedCut}` });
  if (r.gwBestPolished !== null) stages.push({ id: 'gw-polish', label: `${r.polish} polish of the GW best cut`, value: r.gwBestPolished, note: `from ${r.gwBest}` });
  if (r.exact !== undefined) stages.push({ id: 'exact', label: `exact (${r.exact.method})`, value: r.exact.cut, note: r.exact.proven ? 'optimal' : 'not proven optimal' });
  return stages;
}
