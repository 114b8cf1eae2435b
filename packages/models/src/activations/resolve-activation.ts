import { closestMatches, DerandError, z } from '@derand/registry';
import type { Activation } from './activation.js';
import { gelu } from './gelu.js';
import { hermite } from './hermite.js';
import { cubic, linear, quadratic } from './polynomial.js';
import { relu } from './relu.js';
import { sigmoid } from './sigmoid.js';
import { silu } from './silu.js';
import { softplus } from './softplus.js';
import { tanh } from './tanh.js';

/** Ids of the built-in activations, in the order `derand plugins` and `--help` list them. */
export const ACTIVATION_IDS = ['softplus', 'tanh', 'sigmoid', 'gelu', 'silu', 'quadratic', 'cubic', 'hermite', 'linear', 'relu'] as const;
export type ActivationId = (typeof ACTIVATION_IDS)[number];

/**
 * An activation named in options or on the command line: a string (`'tanh'`, `'softplus:2'`,
 * `'hermite:3'`, `'hermite:3:normalized'`) or an object (`{ id: 'softplus', sharpness: 2 }`).
 */
export const activationSpecSchema = z.union([
  z.string().min(1),
  z
    .object({
      id: z.enum(ACTIVATION_IDS),
      sharpness: z.number().positive().optional(),
      degree: z.number().int().min(0).max(30).optional(),
      normalized: z.boolean().optional(),
    })
    .strict(),
]);
export type ActivationSpec = z.input<typeof activationSpecSchema>;

function fromParts(id: string, sharpness: number | undefined, degree: number | undefined, normalized: boolean, spec: string): Activation {
  switch (id) {
    case 'softplus':
      return softplus(sharpness ?? 1);
    case 'hermite':
      if (degree === undefined) throw new DerandError('BAD_ACTIVATION', `'${spec}': hermite needs a degree, for example hermite:3.`);
      return hermite(degree, normalized);
    case 'tanh':
      return tanh();
    case 'sigmoid':
      return sigmoid();
    case 'gelu':
      return gelu();
    case 'silu':
      return silu();
    case 'quadratic':
      return quadratic();
    case 'cubic':
      return cubic();
    case 'linear':
      return linear();
    case 'relu':
      return relu();
    default: {
      const closest = closestMatches(id, ACTIVATION_IDS);
      throw new DerandError(
        'BAD_ACTIVATION',
        `Unknown activation '${spec}'.${closest.length > 0 ? ` Did you mean ${closest.map((c) => `'${c}'`).join(', ')}?` : ''} ` +
          `Available: ${ACTIVATION_IDS.join(', ')} (softplus:<sharpness>, hermite:<degree>[:normalized]).`,
        { details: { activation: spec, available: ACTIVATION_IDS } },
      );
    }
  }
}

function parseNumber(text: string | undefined, what: string, spec: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new DerandError('BAD_ACTIVATION', `'${spec}': ${what} '${text}' is not a number.`);
  return value;
}

/**
 * The activation for a spec (see {@link activationSpecSchema}); an {@link Activation} is
 * returned as is.
 *
 * @throws DerandError (code BAD_ACTIVATION) naming the spec, the closest ids and the syntax.
 * @example resolveActivation('softplus:2').label; // 'softplus_2'
 */
export function resolveActivation(spec: ActivationSpec | Activation): Activation {
  if (typeof spec === 'object' && 'apply' in spec) return spec;
  if (typeof spec === 'object') return fromParts(spec.id, spec.sharpness, spec.degree, spec.normalized ?? false, JSON.stringify(spec));
  const [id = '', param, flag] = spec.trim().split(':');
  if (flag !== undefined && flag !== 'normalized') {
    throw new DerandError('BAD_ACTIVATION', `'${spec}': the third part may only be 'normalized' (as in hermite:3:normalized).`);
  }
  if (id === 'softplus') return fromParts(id, parseNumber(param, 'sharpness', spec), undefined, false, spec);
  if (id === 'hermite') return fromParts(id, undefined, parseNumber(param, 'degree', spec), flag === 'normalized', spec);
  if (param !== undefined) throw new DerandError('BAD_ACTIVATION', `'${spec}': activation '${id}' takes no parameter.`);
  return fromParts(id, undefined, undefined, false, spec);
}
