import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as TypeScript from 'typescript';

// Node's own require, not Jest's: the worker has loaded the TypeScript compiler already (ts-jest uses
// it), so this takes that copy instead of compiling the 9 MB module again inside the spec's sandbox.
const ts = createRequire(__filename)('typescript') as typeof TypeScript;

/** One name a module exports, and whether its declaration carries a TSDoc comment. */
export interface PublicExport {
  name: string;
  documented: boolean;
}

function parse(file: string): TypeScript.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}

function resolve(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  return fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, 'index.ts');
}

function declaredName(statement: TypeScript.Statement): TypeScript.Node | undefined {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations[0];
  return statement;
}

function names(statement: TypeScript.Statement): string[] {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.map((d) => d.name.getText());
  const named = statement as TypeScript.Statement & { name?: TypeScript.Identifier };
  return named.name ? [named.name.text] : [];
}

/** Whether `name`, declared in `file` or re-exported from a module it names, has a doc comment. */
function documented(file: string, name: string): boolean {
  for (const statement of parse(file).statements) {
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      const element = statement.exportClause.elements.find((e) => e.name.text === name);
      if (element) return documented(resolve(file, (statement.moduleSpecifier as TypeScript.StringLiteral).text), (element.propertyName ?? element.name).text);
    } else if (names(statement).includes(name)) {
      return ts.getJSDocCommentsAndTags(declaredName(statement)!).length > 0;
    }
  }
  return false;
}

/**
 * The names an entry module re-exports (`export { a, type B } from './x'`), read from the source without
 * compiling it. A star re-export or a declaration in the entry itself is refused: the surface must be explicit.
 */
export function publicExports(entry: string): PublicExport[] {
  const found: PublicExport[] = [];
  for (const statement of parse(entry).statements) {
    if (ts.isImportDeclaration(statement) || statement.kind === ts.SyntaxKind.EmptyStatement) continue;
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) {
      throw new Error(`${path.basename(entry)}: only named re-exports belong here, found: ${statement.getText().slice(0, 80)}`);
    }
    const target = resolve(entry, (statement.moduleSpecifier as TypeScript.StringLiteral).text);
    for (const element of statement.exportClause.elements) {
      found.push({ name: element.name.text, documented: documented(target, (element.propertyName ?? element.name).text) });
    }
  }
  return found;
}

/**
 * Types the built declarations of `entries` (dist/*.d.ts) refer to without exporting them, as
 * "Type (file) in Export": a user can see them in hover text but cannot name them. Types of Node, the
 * TypeScript lib and dependencies are fine; a private member carries no type in a .d.ts.
 */
export function unexportedTypes(entries: string[]): string[] {
  const program = ts.createProgram(entries, { strict: true, noEmit: true, types: ['node'] });
  const checker = program.getTypeChecker();
  const own = path.dirname(entries[0]);
  const target = (symbol: TypeScript.Symbol): TypeScript.Symbol => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  const exported = new Map<TypeScript.Symbol, string>();
  for (const entry of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    for (const symbol of checker.getExportsOfModule(module)) exported.set(target(symbol), symbol.name);
  }
  const missing = new Set<string>();
  const queue = [...exported];
  const seen = new Set(exported.keys());
  for (const [symbol, name] of queue) {
    const visit = (node: TypeScript.Node): void => {
      const reference = ts.isTypeReferenceNode(node) ? node.typeName : ts.isExpressionWithTypeArguments(node) ? node.expression : ts.isImportTypeNode(node) ? node.qualifier : undefined;
      const found = reference && checker.getSymbolAtLocation(reference);
      if (found && !(found.flags & ts.SymbolFlags.TypeParameter)) {
        const resolved = target(found);
        const file = resolved.declarations?.[0]?.getSourceFile().fileName ?? '';
        if (file.startsWith(own) && !exported.has(resolved)) missing.add(`${resolved.name} (${path.relative(own, file)}) in ${name}`);
        if (file.startsWith(own) && !seen.has(resolved)) {
          seen.add(resolved); // what an unexported type refers to is just as visible
          queue.push([resolved, `${name} › ${resolved.name}`]);
        }
      }
      ts.forEachChild(node, visit);
    };
    for (const declaration of symbol.declarations ?? []) visit(declaration);
  }
  return [...missing].sort();
}
