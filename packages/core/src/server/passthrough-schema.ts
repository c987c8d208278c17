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
 * context on every turn, so what a client or model gains nothing from is left out:
 * - the `$schema` dialect URL (MCP fixes the dialect);
 * - the 400-byte regex zod writes next to `format: "date-time"` (the format says it);
 * - length, count and range limits (`maxLength`, `minItems`, `minimum`, `maximum`…) and
 *   `additionalProperties: false`: core checks them on every call and a refusal names the
 *   limit or the unknown argument ("perPage: at most 100", "Unrecognized key: perpage"),
 *   while listing them costs every turn; defaults stay, since they tell what an omitted
 *   argument means;
 * - on outputs, `required`, descriptions and every level below the first: a client learns
 *   the result's fields and their kinds, and what the records in them hold is in the tool's
 *   description and the result's text. (The structured result still matches its schema,
 *   which is all a client may check.) Inputs keep everything else that guides the model's
 *   arguments.
 * Each schema is converted once and reused: over HTTP a server instance lives for one
 * request, and converting zod to JSON Schema on every `tools/list` would add up.
 */
function compactJsonSchema(jsonSchema: StandardProps['jsonSchema'], side: 'input' | 'output'): StandardProps['jsonSchema'] {
  const cache = new Map<string, Record<string, unknown>>();
  const convert = (source: JsonSchemaOf, options: { target: string }) => {
    let converted = cache.get(options.target);
    if (!converted) {
      const stripped = strip(source(options), side === 'output') as Record<string, unknown>;
      converted = side === 'output' ? (flatten(stripped, OUTPUT_DEPTH) as Record<string, unknown>) : stripped;
      cache.set(options.target, converted);
    }
    return converted;
  };
  return {
    input: (options) => convert(jsonSchema.input as JsonSchemaOf, options),
    output: (options) => convert(jsonSchema.output as JsonSchemaOf, options),
  };
}

const LIMITS = new Set(['minLength', 'maxLength', 'minItems', 'maxItems', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);
/** Output levels kept: the result's own fields. */
const OUTPUT_DEPTH = 1;

function strip(node: unknown, output: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => strip(item, output));
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === '$schema') continue;
    if (key === 'additionalProperties' && value === false) continue;
    if (output && key === 'description' && typeof value === 'string') continue;
    if (output && key === 'required' && Array.isArray(value)) continue;
    if (key === 'pattern' && record.format === 'date-time') continue;
    if (LIMITS.has(key) && typeof value === 'number') continue;
    // Under `properties`, the keys are field names: one called "description" is a field.
    out[key] = key === 'properties' ? stripProperties(value, output) : strip(value, output);
  }
  return out;
}

function stripProperties(properties: unknown, output: boolean): unknown {
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) return properties;
  return Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, strip(schema, output)]));
}

/**
 * Keeps `depth` levels of object structure (through arrays and unions); below that, a value
 * keeps only its kind (`{ type: "object" }`), which any answer still satisfies.
 */
function flatten(node: unknown, depth: number): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const record = node as Record<string, unknown>;
  if (depth <= 0) {
    const kind = record.type;
    return kind === undefined ? {} : { type: kind };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'properties' && value !== null && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, flatten(schema, depth - 1)]));
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = typeof value === 'object' ? flatten(value, depth) : value;
    } else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') {
      out[key] = Array.isArray(value) ? value.map((branch) => flatten(branch, depth)) : value;
    } else {
      out[key] = value;
    }
  }
  return out;
}
