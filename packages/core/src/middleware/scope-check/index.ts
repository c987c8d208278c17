import { scopeSatisfies } from '../../auth/scopes.js';
import { forbidden } from '../../errors/mcpkit-error.js';
import type { ToolMiddleware } from '../types.js';

/**
 * Refuses a call whose principal lacks one of the tool's scopes. Tools a principal
 * cannot call are already hidden from its `tools/list`; this is the check that holds
 * even when a client calls a tool by name anyway.
 */
export function scopeCheck(): ToolMiddleware {
  return async (ctx, next) => {
    const missing = ctx.tool.scopes.filter((scope) => !scopeSatisfies(ctx.principal.scopes, scope));
    if (missing.length > 0) {
      throw forbidden(
        `Not allowed: ${ctx.tool.name} needs the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which this token does not have. Ask for a token with ${missing.length > 1 ? 'those scopes' : 'that scope'}.`,
        { details: { missingScopes: missing } },
      );
    }
    return next();
  };
}
