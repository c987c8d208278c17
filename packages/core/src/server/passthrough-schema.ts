import type { StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import type { z } from 'zod';

type JsonSchemaOf = (options: { target: string }) => Record<string, unknown>;
type StandardProps = StandardSchemaWithJSON['~standard'];

/**
 * The input schema as the SDK sees it: the same JSON Schema for `tools/list`, but a
 * validation step that accepts anything. Core validates the arguments itself, inside the
 * middleware chain, so a bad call is logged, counted and answered with field-level
 * messages (`title: required`) like every other refused call — instead of the SDK's
 * generic text produced before any middleware runs.
 */
export function passthroughValidation(schema: z.ZodType): StandardSchemaWithJSON {
  const standard = (schema as unknown as StandardSchemaWithJSON)['~standard'];
  return {
    '~standard': {
      ...standard,
      validate: (value: unknown) => ({ value }),
      jsonSchema: compactJsonSchema(standard.jsonSchema, 'input'),
    },
  } as StandardSchemaWithJSON;
}

/** The output schema as the SDK sees it: validated as declared, listed compactly. */
export function compactOutputSchema(schema: z.ZodType): StandardSchemaWithJSON {
  const standard = (schema as unknown as StandardSchemaWithJSON)['~standard'];
  return { '~standard': { ...standard, jsonSchema: compactJsonSchema(standard.jsonSchema, 'output') } } as StandardSchemaWithJSON;
}

/**
 * Every tool's schemas travel in every `tools/list`, and a model pays for their bytes in
 * context on every turn. The `$schema` dialect URL says nothing a client needs (MCP fixes
 * the dialect), and `additionalProperties: false` on an output tells the client nothing
 * either (the server builds the output); inputs keep it, so a model does not invent
 * arguments. Each schema is converted once and reused: over HTTP a server instance lives
 * for one request, and converting zod to JSON Schema on every `tools/list` would add up.
 */
function compactJsonSchema(jsonSchema: StandardProps['jsonSchema'], side: 'input' | 'output'): StandardProps['jsonSchema'] {
  const cache = new Map<string, Record<string, unknown>>();
  const convert = (source: JsonSchemaOf, options: { target: string }) => {
    let converted = cache.get(options.target);
    if (!converted) {
      converted = strip(source(options), side === 'output') as Record<string, unknown>;
      cache.set(options.target, converted);
    }
    return converted;
  };
  return {
    input: (options) => convert(jsonSchema.input as JsonSchemaOf, options),
    output: (options) => convert(jsonSchema.output as JsonSchemaOf, options),
  };
}

function strip(node: unknown, dropClosedObjects: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => strip(item, dropClosedObjects));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    if (dropClosedObjects && key === 'additionalProperties' && value === false) continue;
    out[key] = strip(value, dropClosedObjects);
  }
  return out;
}
