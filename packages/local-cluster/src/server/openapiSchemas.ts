/**
 * OpenAPI schemas of the served kinds, generated from a maintained source:
 * the `kubernetes-types` package, whose declarations are generated from
 * Kubernetes' published OpenAPI (each field with its type, whether it is
 * required and its documentation). They are read with the TypeScript
 * compiler once, when first asked for, and turned back into the OpenAPI
 * definitions they came from, under Kubernetes' definition names
 * (`io.k8s.api.core.v1.Pod`, ...).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { RESOURCE_TYPES } from '../api/resources';

/** An OpenAPI schema object (v2 and v3 share this subset). */
export type OpenApiSchema = Record<string, unknown>;

/** `kubernetes-types` module (e.g. `core/v1`) → the definition name prefix. */
function namePrefix(module: string): string {
  const [group, version] = module.split('/');
  if (group === 'meta') return `io.k8s.apimachinery.pkg.apis.meta.${version}`;
  if (group === 'api') return `io.k8s.apimachinery.pkg.api.${version}`;
  if (group === 'runtime') return 'io.k8s.apimachinery.pkg.runtime';
  if (group === 'version') return 'io.k8s.apimachinery.pkg.version';
  return `io.k8s.api.${group}.${version}`;
}

/** The module a served kind's declaration is in: `core/v1`, `apps/v1`, ... */
function moduleOf(group: string, version: string): string {
  return `${group ? group.split('.')[0] : 'core'}/${version}`;
}

interface ParsedModule {
  declarations: Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>;
  /** Imported name → the module it comes from. */
  imports: Map<string, string>;
}

function typesRoot(): string {
  return path.dirname(require.resolve('kubernetes-types/package.json'));
}

function documentation(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const text = docs
    .map(d => ts.getTextOfJSDocComment(d.comment) ?? '')
    .join('\n')
    .trim();
  return text || undefined;
}

class SchemaBuilder {
  private readonly modules = new Map<string, ParsedModule>();
  readonly definitions: Record<string, OpenApiSchema> = {};

  constructor(private readonly root: string) {}

  private parse(module: string): ParsedModule {
    const known = this.modules.get(module);
    if (known) return known;
    const file = path.join(this.root, `${module}.d.ts`);
    const source = ts.createSourceFile(
      file,
      fs.readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const parsed: ParsedModule = {
      declarations: new Map(),
      imports: new Map(),
    };
    for (const statement of source.statements) {
      if (
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement)
      ) {
        parsed.declarations.set(statement.name.text, statement);
      } else if (
        ts.isImportDeclaration(statement) &&
        ts.isStringLiteral(statement.moduleSpecifier)
      ) {
        const from = path.posix.join(
          path.posix.dirname(module),
          statement.moduleSpecifier.text,
        );
        const bindings = statement.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) {
            parsed.imports.set(element.name.text, from);
          }
        }
      }
    }
    this.modules.set(module, parsed);
    return parsed;
  }

  /** Adds the definition of `name` in `module` (and what it uses); returns its full name. */
  define(module: string, name: string): string {
    const parsed = this.parse(module);
    const from = parsed.imports.get(name);
    if (from) return this.define(from, name);
    const fullName = `${namePrefix(module)}.${name}`;
    if (this.definitions[fullName]) return fullName;
    const declaration = parsed.declarations.get(name);
    if (!declaration) {
      throw new Error(`kubernetes-types has no ${name} in ${module}`);
    }
    const schema: OpenApiSchema = {};
    this.definitions[fullName] = schema; // before the fields: types refer to themselves
    const description = documentation(declaration);
    if (description) schema.description = description;
    if (ts.isTypeAliasDeclaration(declaration)) {
      Object.assign(schema, this.typeSchema(module, declaration.type));
      return fullName;
    }
    schema.type = 'object';
    const properties: Record<string, OpenApiSchema> = {};
    const required: string[] = [];
    for (const member of declaration.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const field = member.name.getText();
      const fieldSchema = this.typeSchema(module, member.type);
      const fieldDescription = documentation(member);
      // As Kubernetes publishes v3: a reference with a description is wrapped in allOf.
      properties[field] =
        fieldSchema.$ref && fieldDescription
          ? { description: fieldDescription, allOf: [fieldSchema] }
          : {
              ...(fieldDescription ? { description: fieldDescription } : {}),
              ...fieldSchema,
            };
      if (!member.questionToken) required.push(field);
    }
    schema.properties = properties;
    if (required.length) schema.required = required;
    return fullName;
  }

  private typeSchema(module: string, type: ts.TypeNode): OpenApiSchema {
    switch (type.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: 'integer' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
        return { 'x-kubernetes-preserve-unknown-fields': true };
      default:
        break;
    }
    if (ts.isLiteralTypeNode(type)) return { type: 'string' };
    if (ts.isUnionTypeNode(type)) {
      // `number | string`: IntOrString.
      return {
        type: 'string',
        format: 'int-or-string',
        'x-kubernetes-int-or-string': true,
      };
    }
    if (ts.isArrayTypeNode(type)) {
      return {
        type: 'array',
        items: this.typeSchema(module, type.elementType),
      };
    }
    if (ts.isTypeLiteralNode(type)) {
      const index = type.members.find(ts.isIndexSignatureDeclaration);
      return {
        type: 'object',
        additionalProperties: index?.type
          ? this.typeSchema(module, index.type)
          : {},
      };
    }
    if (ts.isTypeReferenceNode(type)) {
      const name = type.typeName.getText();
      if (name === 'Array' && type.typeArguments?.length === 1) {
        return {
          type: 'array',
          items: this.typeSchema(module, type.typeArguments[0]),
        };
      }
      return { $ref: this.define(module, name) };
    }
    return {};
  }
}

export interface OpenApiSchemas {
  /** Every definition, by Kubernetes' name. */
  definitions: Record<string, OpenApiSchema>;
  /** The definition name of each served kind, by `group/version/kind`. */
  kinds: Map<string, string>;
}

let built: OpenApiSchemas | undefined;

/** The schemas of the served kinds and of all they use (built once). */
export function openApiSchemas(): OpenApiSchemas {
  if (built) return built;
  const builder = new SchemaBuilder(typesRoot());
  const kinds = new Map<string, string>();
  for (const type of RESOURCE_TYPES) {
    const name = builder.define(moduleOf(type.group, type.version), type.kind);
    builder.definitions[name]['x-kubernetes-group-version-kind'] = [
      { group: type.group, version: type.version, kind: type.kind },
    ];
    kinds.set(`${type.group}/${type.version}/${type.kind}`, name);
  }
  built = { definitions: builder.definitions, kinds };
  return built;
}
