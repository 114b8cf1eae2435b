import type * as tf from '@tensorflow/tfjs-core';
import { certifySecondOrder, disposeParams, foldIn, gradientOf, lemmaBound, sospSummary, type Params, type RandomKey } from '@derand/core';
import type { Mlp, Teacher } from '@derand/models';
import type { Loss } from '@derand/losses';
import { lambdaGroupsOf, type NormalizedStructureConfig } from '../config/config.js';
import { createDataSource } from '../objective/data.js';
import { structureObjective, type StructureObjective } from '../objective/structure-objective.js';
import type { StructureCertificate } from './result.js';

/**
 * The smallest ‖W⊥‖_F float32 storage can resolve: rounding each entry of W moves it by up to
 * 2⁻²⁴ relative, so W⊥ is known to ≈ 4·2⁻²⁴·‖W‖_F. Bound checks allow this much.
 */
function float32Resolution(w: tf.Tensor): number {
  const values = w.dataSync();
  let norm2 = 0;
  for (let i = 0; i < values.length; i++) norm2 += values[i]! * values[i]!;
  return 4 * 2 ** -24 * Math.sqrt(norm2);
}

/**
 * The second-order certificate of a trained student, with the lemma's bounds on ‖W⊥‖_F:
 * Theorem 4.1's ρ/(2λ − √(Kρ)) (ρ the stated `certificate.rho`, K estimated by the core; the
 * lemma's {@link lemmaBound}) and Stein's
 * ‖∇_W f·P⊥‖_F/(2λ + λ_min(∇²_b f)) (λ_min of the bias block by Lanczos). The objective is held at
 * `certificate.samples` fixed Monte-Carlo samples, or at the quadrature nodes of quadrature data
 * (then it is the population risk and Stein's identity is exact up to quadrature error).
 *
 * @returns undefined when the configuration turns the certificate off.
 * @example const cert = certifyStructure(config, mlp, teacher, mse(), params, metrics.normWperp, key);
 * @see Jin et al., "How to escape saddle points efficiently", ICML 2017 (ρ-SOSP); Tsikouras et al., ICLR 2026, Lemma 3.1 and Theorem 4.1.
 */
export function certifyStructure(
  config: NormalizedStructureConfig,
  mlp: Mlp,
  teacher: Teacher,
  loss: Loss,
  params: Params,
  normWperp: number,
  key: RandomKey,
): StructureCertificate | undefined {
  const c = config.certificate;
  if (!c.enabled) return undefined;
  const quadrature = config.data.kind === 'quadrature';
  const data = createDataSource(quadrature ? config.data : { kind: 'fixed', size: c.samples }, teacher, foldIn(key, 'data'));
  const objective: StructureObjective = structureObjective({ mlp, loss, data, lambda: config.lambda, lambdaGroups: lambdaGroupsOf(config), ...(config.fused === undefined ? {} : { fused: config.fused }) });
  try {
    const common = { key, rho: c.rho, lanczosSteps: c.lanczosSteps, hvp: c.hvp, estimateK: { samples: 2, powerSteps: 4 } } as const;
    const cert = certifySecondOrder(objective, params, { ...common, ...(c.K === undefined ? {} : { K: c.K }) });
    const lambda = config.lambda;
    const resolution = float32Resolution(params['W']!);
    const theorem = lemmaBound({ rho: cert.rho, K: cert.K, lambda });
    const theoremBound = theorem.applicable ? theorem.bound : null;
    let steinBound: StructureCertificate['steinBound'];
    if (params['b'] !== undefined && lambdaGroupsOf(config).includes('W')) {
      const grads = gradientOf(objective, params, key);
      const g = grads['W']!.dataSync();
      disposeParams(grads);
      const { k } = teacher;
      const d = teacher.inputDim;
      const u = teacher.directions;
      let perp2 = 0;
      for (let i = 0; i < g.length / d; i++) {
        const row = Array.from({ length: d }, (_, col) => g[i * d + col] ?? 0);
        const parallel = new Array<number>(d).fill(0);
        for (let j = 0; j < k; j++) {
          let dot = 0;
          for (let col = 0; col < d; col++) dot += row[col]! * (u[j * d + col] ?? 0);
          for (let col = 0; col < d; col++) parallel[col]! += dot * (u[j * d + col] ?? 0);
        }
        for (let col = 0; col < d; col++) perp2 += (row[col]! - parallel[col]!) ** 2;
      }
      const bias = certifySecondOrder(objective, params, { ...common, K: cert.K, groups: ['b'] });
      const steinDenominator = 2 * lambda + bias.lambdaMin;
      const bound = steinDenominator > 0 ? Math.sqrt(perp2) / steinDenominator : null;
      steinBound = {
        gradWperp: Math.sqrt(perp2),
        lambdaMinBias: bias.lambdaMin,
        bound,
        applicable: bound !== null,
        holds: bound === null ? null : normWperp <= bound + resolution,
        exact: quadrature,
      };
    }
    return {
      samples: quadrature ? 'quadrature' : c.samples,
      ...sospSummary(cert),
      lambdaMax: cert.lambdaMax,
      KEstimated: cert.KEstimated,
      hvpCount: cert.hvpCount,
      resolution,
      theoremBound: {
        bound: theoremBound,
        applicable: theoremBound !== null,
        holds: theoremBound === null ? null : normWperp <= theoremBound + resolution,
        ...(theorem.applicable ? {} : { reason: `2λ = ${2 * lambda} ≤ √(Kρ) = ${Math.sqrt(cert.K * cert.rho).toExponential(3)}` }),
      },
      ...(steinBound === undefined ? {} : { steinBound }),
    };
  } finally {
    data.dispose();
  }
}

