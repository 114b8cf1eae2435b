/**
 * A claim of the report, as a check: a value measured in this run (named with the stage that
 * produced it), a reference (with where it comes from) and a comparison. The report renders it
 * as held or not held with both numbers; no sentence of the report states an outcome that a
 * claim did not check.
 */
export interface Claim {
  /** What is claimed, in words (`sign(μ) cut ≥ E[GW]`). */
  readonly claim: string;
  /** The measured value (null: the run did not produce it, so the claim does not hold). */
  readonly measured: number | null;
  /** What was measured and by which stage (`sign(μ) at the end of the derandomized rounding`). */
  readonly measuredBy: string;
  /** `>=`/`<=`/`<`/`>`: against `reference`; `in`: within [reference, upper]. */
  readonly relation: '>=' | '<=' | '<' | '>' | 'in';
  readonly reference: number;
  /** Upper end of the range for `in`. */
  readonly upper?: number;
  /** Where the reference comes from (this run's baseline, the paper, a prototype). */
  readonly source: string;
  readonly holds: boolean;
}

export type ClaimSpec = Omit<Claim, 'holds' | 'measured'> & { readonly measured: number | null | undefined };

/**
 * Evaluates a claim: `holds` is the comparison of the measured value with the reference.
 *
 * @example check({ claim: 'V collapsed', measured: 0.002, measuredBy: '‖V‖_F at the end', relation: '<=', reference: 0.003, source: '1e-3·‖V₀‖_F' }).holds; // true
 */
export function check(spec: ClaimSpec): Claim {
  const m = spec.measured ?? null;
  const finite = m !== null && Number.isFinite(m);
  let holds = false;
  if (finite) {
    if (spec.relation === '>=') holds = m >= spec.reference;
    else if (spec.relation === '<=') holds = m <= spec.reference;
    else if (spec.relation === '>') holds = m > spec.reference;
    else if (spec.relation === '<') holds = m < spec.reference;
    else holds = m >= spec.reference && m <= (spec.upper ?? spec.reference);
  }
  return { ...spec, measured: m, holds };
}

/** The comparison in words: `≥ 11270.4`, `in [11591, 11607]`. */
export function relationText(claim: Pick<Claim, 'relation' | 'reference' | 'upper'>, format: (x: number) => string = String): string {
  if (claim.relation === 'in') return `in [${format(claim.reference)}, ${format(claim.upper ?? claim.reference)}]`;
  return `${{ '>=': '≥', '<=': '≤', '>': '>', '<': '<' }[claim.relation]} ${format(claim.reference)}`;
}

/** One sentence saying how many claims held, naming those that did not. */
export function claimsSentence(claims: readonly Claim[]): string {
  if (claims.length === 0) return '';
  const failed = claims.filter((c) => !c.holds);
  if (failed.length === 0) return `All ${claims.length} checked claims held in this run.`;
  return `${claims.length - failed.length} of ${claims.length} checked claims held in this run; not held: ${failed.map((c) => c.claim).join('; ')}.`;
}
