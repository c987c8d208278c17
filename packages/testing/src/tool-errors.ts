import { expect } from 'vitest';
import type { ToolCallOutcome } from './mcp-clients.js';

/**
 * Where core puts a failed tool call's machine-readable error. Spelled out here because the
 * harness cannot depend on core (core's own tests use the harness); core's tests check the
 * two agree.
 */
export const TOOL_ERROR_META_KEY = 'io.mcpkit/error';

/** The error code of a failed tool call (`_meta["io.mcpkit/error"].code`), or undefined on success. */
export function toolErrorCode(result: ToolCallOutcome): string | undefined {
  return (result.meta?.[TOOL_ERROR_META_KEY] as { code?: string } | undefined)?.code;
}

/** A tool error (not a protocol error) with `code` and, when given, a text matching `text`. */
export function expectToolError(result: ToolCallOutcome, code: string, text?: RegExp): void {
  expect(result.isError, result.text).toBe(true);
  expect(toolErrorCode(result), result.text).toBe(code);
  if (text) expect(result.text).toMatch(text);
}
