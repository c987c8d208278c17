import type { StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import type { z } from 'zod';

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
    },
  } as StandardSchemaWithJSON;
}
