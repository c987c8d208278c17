import { isMcpKitError, McpKitError } from '@mcpkit/core';
import Database from 'better-sqlite3';

/**
 * Maps what SQLite throws into `McpKitError`s a model can act on. The store's own errors
 * pass through; a busy or unwritable database becomes `unavailable` (retry, or tell the
 * operator), and anything else is `internal` with the driver error kept only as `cause`,
 * so no SQL or file detail reaches the client.
 */
export function mapSqliteError(error: unknown): McpKitError {
  if (isMcpKitError(error)) return error;
  const code = error instanceof Database.SqliteError ? error.code : undefined;
  if (code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')) {
    return new McpKitError(
      'unavailable',
      'The tasks database is busy: another process is holding its write lock. Retry in a few seconds.',
      { cause: error, retryAfterMs: 2000 },
    );
  }
  if (code?.startsWith('SQLITE_FULL') || code?.startsWith('SQLITE_READONLY') || code?.startsWith('SQLITE_IOERR')) {
    return new McpKitError(
      'unavailable',
      'The tasks database cannot be written right now (disk full, read-only or failing). Nothing was changed; tell the operator and retry later.',
      { cause: error },
    );
  }
  return new McpKitError(
    'internal',
    'The task store failed unexpectedly and nothing was changed. Retry once; if it fails again, report it.',
    {
      cause: error,
    },
  );
}
