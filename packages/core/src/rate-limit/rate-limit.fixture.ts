import { expect } from 'vitest';
import { McpKitError } from '../errors/mcpkit-error.js';

/** Awaits `promise` and returns the McpKitError it rejected with (failing the test if it resolved or threw anything else). */
export async function rejection(promise: Promise<unknown>): Promise<McpKitError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(McpKitError);
    return error as McpKitError;
  }
  throw new Error('expected a rejection');
}
