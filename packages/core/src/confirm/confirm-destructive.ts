import { acceptedContent, type InputRequiredResult, inputRequired } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { ToolContext } from '../server/tool-definition.js';
import type { ConfirmationSubject, ConfirmationTokens } from './confirmation-tokens.js';

const confirmation = z.object({ confirm: z.boolean().describe('Yes, go ahead') });

/** Where a destructive call stands after asking for confirmation. */
export type ConfirmationState =
  /** The user said yes (elicitation) or the call carried a valid token: act now. */
  | { status: 'confirmed' }
  /** The user declined or cancelled the question: do nothing. */
  | { status: 'cancelled' }
  /** Return this result: the client asks the user and calls again with the answer. */
  | { status: 'asking'; result: InputRequiredResult }
  /** The client cannot ask: return this token and let a second call carry it. */
  | { status: 'token_issued'; token: string; expiresAt: string };

export interface ConfirmDestructiveOptions {
  tokens: ConfirmationTokens;
  subject: ConfirmationSubject;
  /** The token the call carried, if any. */
  confirmToken: string | undefined;
  /** The question put to the user (`Delete notes.md? This cannot be undone.`). */
  question: string;
}

/**
 * One confirmation flow for every destructive tool. A call carrying a token is approved
 * only if the token matches exactly this subject (throws `conflict` otherwise). Without
 * one, a client that can answer an elicitation is asked directly — the SDK carries the
 * question as a 2026-07-28 `input_required` round or a 2025-era `elicitation/create` — and
 * any other client gets a short-lived token bound to the target's current state.
 */
export function confirmDestructive(ctx: ToolContext<unknown>, options: ConfirmDestructiveOptions): ConfirmationState {
  const { tokens, subject, confirmToken, question } = options;
  if (confirmToken !== undefined) {
    tokens.verify(confirmToken, subject);
    return { status: 'confirmed' };
  }
  if (ctx.canElicit) {
    const responses = ctx.mcp.mcpReq.inputResponses;
    const answer = acceptedContent(responses, 'confirm', confirmation);
    if (answer?.confirm === true) return { status: 'confirmed' };
    if (responses?.confirm !== undefined) return { status: 'cancelled' };
    return {
      status: 'asking',
      result: inputRequired({
        inputRequests: { confirm: inputRequired.elicit({ message: question, requestedSchema: confirmation }) },
      }),
    };
  }
  return { status: 'token_issued', ...tokens.issue(subject) };
}
