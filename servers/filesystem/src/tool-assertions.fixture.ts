// Assertions on tool results shared by the filesystem tests.
import { expectToolError, type ToolCallOutcome, toolErrorCode } from '@mcpkit/testing';
import { expect } from 'vitest';
import { type FilesystemHarness, snapshot } from './filesystem-server.fixture.js';

export { expectToolError, toolErrorCode as errorCode };

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
