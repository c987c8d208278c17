// Assertions on tool results shared by the filesystem tests.
import { ERROR_META_KEY } from '@mcpkit/core';
import type { ToolCallOutcome } from '@mcpkit/testing';
import { expect } from 'vitest';
import { type FilesystemHarness, snapshot } from './filesystem-server.fixture.js';

/** The error code core put in `_meta["io.mcpkit/error"]`, or undefined on success. */
export function errorCode(result: ToolCallOutcome): string | undefined {
  return (result.meta?.[ERROR_META_KEY] as { code?: string } | undefined)?.code;
}

/** A tool error (not a protocol error) with `code` and, when given, a text matching `text`. */
export function expectToolError(result: ToolCallOutcome, code: string, text?: RegExp): void {
  expect(result.isError, result.text).toBe(true);
  expect(errorCode(result), result.text).toBe(code);
  if (text) expect(result.text).toMatch(text);
}

/**
 * Runs `call`, expects it to fail with `code` (and a text matching `text`, when given) and
 * everything under the scratch directory to be as it was before; returns the result.
 */
export async function expectUnchangedAfter(
  harness: FilesystemHarness,
  call: () => Promise<ToolCallOutcome>,
  code: string,
  text?: RegExp,
): Promise<ToolCallOutcome> {
  const before = await snapshot(harness);
  const result = await call();
  expectToolError(result, code, text);
  expect(await snapshot(harness)).toEqual(before);
  return result;
}
