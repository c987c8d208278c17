import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import { readBodyLimited } from './read-body.js';

/** How one attempt ended. Errors are classified here, once, by who stopped the attempt. */
export type AttemptResult =
  | {
      kind: 'response';
      status: number;
      headers: Record<string, string>;
      bytes: Buffer;
      /** The body passed the limit and was cut off. */
      tooLarge: boolean;
    }
  | { kind: 'network'; error: unknown }
  | { kind: 'timeout'; error: unknown }
  | { kind: 'cancelled'; error: unknown };

export interface AttemptInput {
  dispatcher: Dispatcher;
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  /** The caller's signal; aborting it ends the attempt at once. */
  signal: AbortSignal | undefined;
  timeoutMs: number;
  /** Byte limit for the body of a given status (answers the caller wants vs error pages). */
  bodyLimit: (status: number) => number;
}

/**
 * Sends one HTTP attempt and reads its whole body under a time limit that covers
 * connecting, waiting for headers and a slowly dripping body alike (undici's own
 * headers/body timeouts only measure gaps between bytes).
 */
export async function sendAttempt(input: AttemptInput): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`attempt exceeded ${input.timeoutMs} ms`));
  }, input.timeoutMs);
  const onCallerAbort = () => controller.abort(input.signal?.reason);
  if (input.signal?.aborted) onCallerAbort();
  else input.signal?.addEventListener('abort', onCallerAbort, { once: true });

  try {
    const response = await request(input.url, {
      dispatcher: input.dispatcher,
      method: input.method as Dispatcher.HttpMethod,
      headers: input.headers,
      body: input.body,
      signal: controller.signal,
    });
    const declared = Number(firstHeader(response.headers['content-length']));
    const read = await readBodyLimited(
      response.body,
      input.bodyLimit(response.statusCode),
      Number.isFinite(declared) && declared >= 0 ? declared : undefined,
    );
    return {
      kind: 'response',
      status: response.statusCode,
      headers: flattenHeaders(response.headers),
      bytes: read.bytes,
      tooLarge: read.tooLarge,
    };
  } catch (error) {
    if (input.signal?.aborted) return { kind: 'cancelled', error };
    if (timedOut) return { kind: 'timeout', error };
    return { kind: 'network', error };
  } finally {
    clearTimeout(timer);
    input.signal?.removeEventListener('abort', onCallerAbort);
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
