import { createHash } from 'node:crypto';
import { invalidInput } from '@mcpkit/core';
import { z } from 'zod';
import { type TaskSort, taskSortSchema } from './task-store.js';

/**
 * Opaque page cursors: base64url JSON of where the last page ended (its sort value and
 * task key) plus a fingerprint of the query it belongs to. Keyset positions rather than
 * offsets, so rows inserted or deleted elsewhere never shift the remaining pages.
 */

/** Where a page ended: the last row's sort value (`null` for a missing due date) and key. */
export interface CursorPosition {
  sort: TaskSort;
  value: string | number | null;
  key: number;
}

const cursorPayloadSchema = z.strictObject({
  v: z.literal(1),
  s: taskSortSchema,
  f: z.string().max(64),
  k: z.union([z.string().max(64), z.number().finite(), z.null()]),
  i: z.number().int().positive(),
});

const RESTART = 'Drop the cursor and list again from the first page with the same filters.';

/** A short, stable digest of the filters and sort a cursor is valid for. */
export function queryFingerprint(filters: Record<string, unknown>): string {
  return createHash('sha256').update(stableJson(filters)).digest('base64url').slice(0, 16);
}

export function encodeCursor(position: CursorPosition, fingerprint: string): string {
  const payload = { v: 1, s: position.sort, f: fingerprint, k: position.value, i: position.key };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/**
 * Reads a cursor back, checking it belongs to this sort and these filters; anything
 * else is `invalid_input` telling the caller to restart without it.
 */
export function decodeCursor(cursor: string, expected: { sort: TaskSort; fingerprint: string }): CursorPosition {
  let payload: z.output<typeof cursorPayloadSchema>;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    payload = cursorPayloadSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (cause) {
    throw invalidInput(`The cursor is not one this server issued, or it was damaged. ${RESTART}`, { cause });
  }
  if (payload.s !== expected.sort || payload.f !== expected.fingerprint) {
    throw invalidInput(`The cursor belongs to a different query (other filters or sort). ${RESTART}`);
  }
  if (!valueFitsSort(payload.s, payload.k)) {
    throw invalidInput(`The cursor is not one this server issued, or it was damaged. ${RESTART}`);
  }
  return { sort: payload.s, value: payload.k, key: payload.i };
}

/** Each sort keeps one kind of value: a timestamp, a priority rank, a date or nothing. */
function valueFitsSort(sort: TaskSort, value: string | number | null): boolean {
  switch (sort) {
    case 'updated':
      return typeof value === 'string';
    case 'priority':
      return typeof value === 'number' && Number.isInteger(value);
    case 'due':
      return value === null || typeof value === 'string';
    case 'created':
      return value === null;
  }
}

/** JSON with object keys sorted, so equal filters always hash alike. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
