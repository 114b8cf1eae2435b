import { definePlugin, DerandError, z } from '@derand/registry';
import type { Activation } from './activation.js';
import { gelu } from './gelu.js';
import { hermite } from './hermite.js';
import { cubic, linear, quadratic } from './polynomial.js';
import { relu } from './relu.js';
import { sigmoid } from './sigmoid.js';
import { silu } from './silu.js';
import { softplus } from './softplus.js';
import { tanh } from './tanh.js';

/**
 * An activation plugin (kind `activation`). `shorthand` names the options that the string form
 * `id:a:b` fills in order (`softplus:2` → sharpness 2; `hermite:3:normalized` → degree 3,
 * normalized true: a part equal to a boolean option's name sets it).
 */
export interface ActivationPluginExtras {
  readonly shorthand?: readonly string[];
}

const none = z.object({}).strict();
const fixed = (id: string, summary: string, make: () => Activation) =>
  definePlugin({ kind: 'activation', id, summary, options: none, source: '@derand/models', shorthand: [] as string[], create: (): Activation => make() });

/** The built-in activations as registry plugins, in the order `derand plugins` lists them. */
export const activationPlugins = [
  definePlugin({
    kind: 'activation',
    id: 'softplus',
    summary: "The smooth ReLU_ι(z) = log(1 + e^{ιz})/ι (the paper's relu_ι); softplus:2 is the paper's student.",
    options: z
      .object({ sharpness: z.number({ error: 'sharpness must be a finite number > 0; for example softplus:2' }).positive({ error: 'sharpness must be a finite number > 0; for example softplus:2' }).default(1).describe('sharpness ι') })
      .strict(),
    source: '@derand/models',
    shorthand: ['sharpness'],
    create: (o): Activation => softplus(o.sharpness),
  }),
  fixed('tanh', 'tanh(z)', tanh),
  fixed('sigmoid', 'σ(z) = 1/(1 + e^{−z})', sigmoid),
  fixed('gelu', 'GELU z·Φ(z)', gelu),
  fixed('silu', 'SiLU z·σ(z)', silu),
  fixed('quadratic', 'z²', quadratic),
  fixed('cubic', 'z³', cubic),
  definePlugin({
    kind: 'activation',
    id: 'hermite',
    summary: 'Probabilists’ Hermite polynomial He_k (hermite:3, or hermite:3:normalized for He_k/√(k!)).',
    options: z
      .object({
        degree: z.number({ error: 'hermite needs a degree, for example hermite:3' }).int().min(0).max(30).describe('degree k'),
        normalized: z.boolean().default(false).describe('divide by √(k!) so that E[He_k(g)²] = 1'),
      })
      .strict(),
    source: '@derand/models',
    shorthand: ['degree', 'normalized'],
    create: (o): Activation => hermite(o.degree, o.normalized),
  }),
  fixed('linear', 'identity z (output layers)', linear),
  fixed('relu', 'max(z, 0): not C², refused by students unless allowNonSmooth (teachers may use it)', relu),
] as const;

/** Ids of the built-in activations. */
export const ACTIVATION_IDS = activationPlugins.map((p) => p.id);

/** Throws unless `raw` is acceptable to the plugin; used for the string shorthand. */
export function shorthandOptions(plugin: { readonly id: string; readonly shorthand?: readonly string[] }, parts: readonly string[], spec: string): Record<string, unknown> {
  const names = plugin.shorthand ?? [];
  if (parts.length > names.length) {
    if (names.length === 0) throw new DerandError('BAD_ACTIVATION', `'${spec}': activation '${plugin.id}' takes no parameter.`);
    throw new DerandError('BAD_ACTIVATION', `'${spec}': activation '${plugin.id}' takes at most ${names.length} parameter(s): ${plugin.id}:${names.map((n) => `<${n}>`).join(':')}.`);
  }
  const options: Record<string, unknown> = {};
  parts.forEach((part, i) => {
    const name = names[i]!;
    if (part === name) options[name] = true;
    else if (part !== '' && Number.isFinite(Number(part))) options[name] = Number(part);
    else throw new DerandError('BAD_ACTIVATION', `'${spec}': '${part}' is not a number${i > 0 ? ` (the part after the ${names[i - 1]} may only be '${name}')` : ''}.`);
  });
  return options;
}
