import ts from 'typescript';
import type { ApiEntry } from './entry-points.js';

/** An exported function of an entry point and the summary of its TSDoc. */
export interface ExportedFunction {
  readonly moduleName: string;
  readonly name: string;
  /** The first paragraph of the TSDoc comment (its line breaks kept), `{@link X}` written as `X`; '' when there is none. */
  readonly summary: string;
}

function plainText(parts: readonly ts.SymbolDisplayPart[]): string {
  return parts
    .map((part) => (part.kind === 'linkText' || part.kind === 'linkName' ? part.text : part.kind === 'link' ? '' : part.text))
    .join('')
    .replace(/\{@link\s+([^}|\s]+)(?:[\s|][^}]*)?\}/g, '$1');
}

function isFunction(symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  if ((symbol.flags & ts.SymbolFlags.Function) !== 0) return true;
  if ((symbol.flags & ts.SymbolFlags.Variable) === 0) return false;
  const declaration = symbol.valueDeclaration;
  if (declaration === undefined || !ts.isVariableDeclaration(declaration)) return false;
  const init = declaration.initializer;
  if (init !== undefined && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return true;
  const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
  return type.getCallSignatures().length > 0 && type.getConstructSignatures().length === 0 && type.getProperties().length === 0;
}

/**
 * Every function an entry point exports (function declarations and constants holding a
 * function), with the summary of its TSDoc: what the API reference must show. Read with the
 * TypeScript compiler from the sources, independently of TypeDoc.
 *
 * @param entries - from `apiEntries`.
 * @param compilerOptions - the workspace's options (module resolution finds the other packages).
 * @example exportedFunctions(apiEntries(root), options).find((f) => f.name === 'runSolver')?.summary;
 */
export function exportedFunctions(entries: readonly ApiEntry[], compilerOptions: ts.CompilerOptions): ExportedFunction[] {
  const program = ts.createProgram(
    entries.map((e) => e.source),
    { ...compilerOptions, noEmit: true },
  );
  const checker = program.getTypeChecker();
  const out: ExportedFunction[] = [];
  for (const entry of entries) {
    const file = program.getSourceFile(entry.source);
    const moduleSymbol = file === undefined ? undefined : checker.getSymbolAtLocation(file);
    if (moduleSymbol === undefined) throw new Error(`${entry.source} is not a module`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = (exported.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(exported) : exported;
      if (!isFunction(symbol, checker)) continue;
      const text = plainText(symbol.getDocumentationComment(checker)).trim();
      out.push({ moduleName: entry.moduleName, name: exported.name, summary: text.split(/\n\s*\n/)[0]!.trim() });
    }
  }
  return out;
}

/**
 * The workspace's compiler options from a tsconfig file (its `extends` followed).
 *
 * @example const options = compilerOptionsOf('/repo/tsconfig.base.json');
 */
export function compilerOptionsOf(tsconfig: string): ts.CompilerOptions {
  const read = ts.readConfigFile(tsconfig, (path) => ts.sys.readFile(path));
  if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, tsconfig.replace(/[^/]+$/, '')).options;
}
