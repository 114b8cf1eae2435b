import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Application, type ProjectReflection, ReflectionKind } from 'typedoc';
import type { ApiEntry } from './entry-points.js';

/** What {@link buildApiReference} wrote. */
export interface ApiReference {
  /** One page per entry point, in the order of `entries`. */
  readonly modules: readonly { readonly moduleName: string; readonly page: string }[];
  /** TypeDoc's warnings (unresolved links, missing exports), for the build log. */
  readonly warnings: number;
}

/** The page of a module below the API folder: `@derand/core/node` → `core/node`. */
export function modulePage(moduleName: string): string {
  return moduleName.replace(/^@derand\//, '');
}

function nameModules(project: ProjectReflection, entries: readonly ApiEntry[]): void {
  const bySource = new Map(entries.flatMap((e) => [[e.source, e.moduleName] as const, [`${e.packageName}:${relative(e.packageDir, e.source)}`, e.moduleName] as const]));
  for (const child of project.children ?? []) {
    if (!child.kindOf(ReflectionKind.Module)) continue;
    const id = project.getSymbolIdFromReflection(child);
    const file = id?.fileName;
    const name = id === undefined ? undefined : (bySource.get(id.fileName ?? '') ?? bySource.get(`${id.packageName}:${id.packagePath}`));
    if (name === undefined) throw new Error(`TypeDoc made a module '${child.name}' from ${file ?? 'no file'}, which is not an entry point`);
    child.name = name;
  }
  project.children?.sort((a, b) => entries.findIndex((e) => e.moduleName === a.name) - entries.findIndex((e) => e.moduleName === b.name));
}

/**
 * Generates the API reference from the TSDoc of every entry point with TypeDoc and its
 * markdown plugin: one markdown page per entry point (`<outDir>/<package>[/<subpath>].md`),
 * each module named by its import specifier. One TypeScript program holds every package's
 * sources, so links between packages resolve.
 *
 * @param entries - from `apiEntries`.
 * @param outDir - the API folder inside the site's sources (emptied first).
 * @param workDir - a scratch folder for the generated tsconfig.
 * @example await buildApiReference(apiEntries(root), 'site/api', 'build/api');
 */
export async function buildApiReference(entries: readonly ApiEntry[], outDir: string, workDir: string, baseConfig: string): Promise<ApiReference> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const tsconfig = join(workDir, 'tsconfig.api.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({ extends: relative(workDir, baseConfig), compilerOptions: { noEmit: true, rootDir: undefined, composite: false }, files: entries.map((e) => relative(workDir, e.source)) }, null, 2),
  );
  const app = await Application.bootstrapWithPlugins({
    entryPoints: entries.map((e) => e.source),
    entryPointStrategy: 'resolve',
    outputs: [{ name: 'markdown', path: outDir }],
    tsconfig,
    plugin: ['typedoc-plugin-markdown'],
    readme: 'none',
    name: 'API reference',
    excludeScopesInPaths: true,
    excludePrivate: true,
    excludeInternal: true,
    excludeExternals: true,
    skipErrorChecking: true,
    logLevel: 'Warn',
    router: 'module',
    entryFileName: 'index',
    hidePageHeader: true,
    hideBreadcrumbs: true,
    useCodeBlocks: true,
    useHTMLEncodedBrackets: true,
    sanitizeComments: true,
    parametersFormat: 'table',
    interfacePropertiesFormat: 'table',
    disableSources: true,
  } as never);
  const project = await app.convert();
  if (project === undefined) throw new Error('TypeDoc could not convert the packages (see the messages above)');
  nameModules(project, entries);
  await app.generateOutputs(project);
  return { modules: entries.map((e) => ({ moduleName: e.moduleName, page: modulePage(e.moduleName) })), warnings: app.logger.warningCount };
}
