import { closestMatches, createRegistry, DerandError, InputError, z, type AnyPlugin, type AnyRegistry } from '@derand/registry';
import type { Activation } from './activation.js';
import type { ACTIVATION_IDS} from './plugins.js';
import { activationPlugins, shorthandOptions } from './plugins.js';

export { ACTIVATION_IDS } from './plugins.js';
export type ActivationId = (typeof ACTIVATION_IDS)[number];

/**
 * An activation named in options or on the command line: a string (`'tanh'`, `'softplus:2'`,
 * `'hermite:3'`, `'hermite:3:normalized'`) or an object (`{ id: 'softplus', sharpness: 2 }`, its
 * other keys being the activation plugin's options). Any activation plugin of the registry in
 * use can be named, a user's included.
 */
export const activationSpecSchema = z.union([
  z.string().min(1).describe('id or id:<parameter>[:<flag>], e.g. softplus:2, hermite:3:normalized'),
  z.object({ id: z.string().min(1) }).catchall(z.unknown()).describe('{ id, ...options of that activation plugin }'),
]);
export type ActivationSpec = z.input<typeof activationSpecSchema>;

let builtin: AnyRegistry | undefined;
/** A registry of the built-in activations (used when a caller has none). */
function builtinActivations(): AnyRegistry {
  builtin ??= createRegistry<AnyPlugin>([...activationPlugins]);
  return builtin;
}

function isActivation(value: unknown): value is Activation {
  return typeof value === 'object' && value !== null && typeof (value as Partial<Activation>).apply === 'function';
}

/**
 * The activation for a spec (see {@link activationSpecSchema}), built by the activation plugin of
 * that id in `registry` (default: the built-ins); an {@link Activation} is returned as is.
 *
 * @throws DerandError (code BAD_ACTIVATION) naming the spec, the closest ids and the syntax.
 * @example resolveActivation('softplus:2').label; // 'softplus_2'
 */
export function resolveActivation(spec: ActivationSpec | Activation, registry: AnyRegistry = builtinActivations()): Activation {
  if (isActivation(spec)) return spec;
  const text = typeof spec === 'string' ? spec : JSON.stringify(spec);
  const [id = '', ...parts] = typeof spec === 'string' ? spec.trim().split(':') : [spec.id];
  if (!registry.has('activation', id)) {
    const available = registry.list('activation').map((p) => p.id);
    const closest = closestMatches(id, available);
    throw new DerandError(
      'BAD_ACTIVATION',
      `Unknown activation '${text}'.${closest.length > 0 ? ` Did you mean ${closest.map((c) => `'${c}'`).join(', ')}?` : ''} ` +
        `Available: ${available.join(', ')} (softplus:<sharpness>, hermite:<degree>[:normalized]; more with --plugin).`,
      { details: { activation: text, available } },
    );
  }
  const plugin = registry.resolve('activation', id) as AnyPlugin & { shorthand?: readonly string[]; create(options: unknown): Activation };
  const raw = typeof spec === 'string' ? shorthandOptions(plugin, parts, text) : Object.fromEntries(Object.entries(spec).filter(([key]) => key !== 'id'));
  let options: unknown;
  try {
    options = registry.parseOptions('activation', id, raw);
  } catch (error) {
    if (error instanceof InputError) throw new DerandError('BAD_ACTIVATION', `'${text}': ${error.issues.map((i) => i.message).join('; ')}.`, { details: { activation: text } });
    throw error;
  }
  return plugin.create(options);
}
