import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import type { Logger } from '../logging/logger-types.js';
import { isMcpKitError } from './mcpkit-error.js';

/**
 * Maps an error raised while reading a resource or rendering a prompt to the JSON-RPC
 * error the client gets (those requests have no `isError` result). Bad arguments and
 * unknown names become Invalid Params with the deliberate message; anything else is
 * logged and answered with a generic internal error.
 */
export function toProtocolError(error: unknown, logger: Logger): ProtocolError {
  if (error instanceof ProtocolError) return error;
  if (isMcpKitError(error)) {
    if (error.code === 'invalid_input' || error.code === 'not_found') {
      return new ProtocolError(ProtocolErrorCode.InvalidParams, error.message);
    }
    logger.warn({ code: error.code, err: error }, 'resource or prompt request refused');
    return new ProtocolError(ProtocolErrorCode.InternalError, error.message);
  }
  logger.error({ err: error }, 'resource or prompt request failed');
  return new ProtocolError(ProtocolErrorCode.InternalError, 'Internal error. The failure was logged; try again.');
}
