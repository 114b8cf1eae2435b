import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DerandError, definePlugin, InputError, z, type AnyPlugin, type InputIssue } from '@derand/registry';

/** What a plugin file's default-export function receives, so it needs no imports of its own. */
export interface PluginApi {
  readonly definePlugin: typeof definePlugin;
  readonly z: typeof z;
  readonly tf: typeof import('@tensorflow/tfjs-core');
  readonly defineLoss: typeof import('@derand/losses')['defineLoss'];
  /** `@derand/core`: optimizer contract helpers (optimizerBaseShape, resolveStepSizes, stepSizeAt, mapParams …), the engine, the objective builders. */
  readonly core: typeof import('@derand/core');
}

/** Kinds whose plugins build their part with `create(options, context)`. */
const FACTORY_KINDS: readonly string[] = ['optimizer', 'loss', 'model', 'teacher', 'activation', 'rounding', 'polish', 'jl-loss', 'jl-sampler', 'smooth-function'];

function isSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}

function normalise(candidate: unknown, file: string, index: number, issues: InputIssue[]): AnyPlugin | undefined {
  const where = `${file} (plugin #${index + 1})`;
  if (typeof candidate !== 'object' || candidate === null) {
    issues.push({ where, message: 'is not an object', value: candidate });
    return undefined;
  }
  const p = candidate as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof p['kind'] !== 'string' || p['kind'] === '') problems.push("needs a string 'kind' (optimizer, loss, model, solver, backend, …)");
  if (typeof p['id'] !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(p['id'])) problems.push("needs an 'id' of letters, digits, '.', '_' or '-'");
  if (typeof p['summary'] !== 'string' || p['summary'] === '') problems.push("needs a one-line 'summary'");
  if (p['options'] !== undefined && !isSchema(p['options'])) problems.push("'options' must be a zod schema (api.z.object({...}))");
  if (FACTORY_KINDS.includes(String(p['kind'])) && typeof p['create'] !== 'function') problems.push(`a ${String(p['kind'])} plugin needs create(options)`);
  if (p['kind'] === 'solver' && typeof p['run'] !== 'function') problems.push('a solver plugin needs run(options, context)');
  if (problems.length > 0) {
    issues.push({ where, message: problems.join('; ') });
    return undefined;
  }
  return { ...(p as unknown as AnyPlugin), options: isSchema(p['options']) ? p['options'] : z.object({}).strict(), source: file };
}

/**
 * Loads user plugins from files given with `--plugin`: an ES module whose default export is a
 * plugin, an array of plugins, or a function `(api) => plugin | plugin[]` receiving
 * {@link PluginApi} (definePlugin, z, tf, defineLoss) so the file needs no imports.
 * Errors name the file and every problem found.
 */
export async function loadPlugins(files: readonly string[]): Promise<AnyPlugin[]> {
  const plugins: AnyPlugin[] = [];
  const issues: InputIssue[] = [];
  for (const file of files) {
    const absolute = resolve(file);
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
    } catch (error) {
      issues.push({ where: absolute, message: `cannot be imported: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    let exported: unknown = module['default'] ?? module['plugins'] ?? module['plugin'];
    if (exported === undefined) {
      issues.push({ where: absolute, message: "exports nothing usable: export default a plugin, an array of plugins, or (api) => plugins" });
      continue;
    }
    if (typeof exported === 'function') {
      const [tf, losses, core] = await Promise.all([import('@tensorflow/tfjs-core'), import('@derand/losses'), import('@derand/core')]);
      try {
        exported = await (exported as (api: PluginApi) => unknown)({ definePlugin, z, tf, defineLoss: losses.defineLoss, core });
      } catch (error) {
        throw new DerandError('PLUGIN_LOAD', `Plugin file ${absolute} threw while building its plugins: ${(error as Error).message}`);
      }
    }
    const list = Array.isArray(exported) ? exported : [exported];
    list.forEach((candidate, i) => {
      const plugin = normalise(candidate, absolute, i, issues);
      if (plugin !== undefined) plugins.push(plugin);
    });
  }
  if (issues.length > 0) throw new InputError('PLUGIN_LOAD', 'Cannot load plugins:', issues, 'See the README section "Your own plugins".');
  return plugins;
}
