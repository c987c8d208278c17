import { closedAfterEach } from '../closed-after-each.js';
import { startFakeGitHub } from './fake-github.js';

/** The fake's clock in the fake-GitHub tests: a fixed instant, so timestamps and rate-limit windows are stable. */
export const NOW = new Date('2026-11-23T14:07:00Z');

/** A fake GitHub on the fixed clock, closed after the test that started it. */
export const useFakeGitHub = () => closedAfterEach(() => startFakeGitHub({ now: () => NOW }));

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
export type Json = any;

export interface FakeAnswer {
  status: number;
  headers: Headers;
  /** The body parsed as JSON, or `undefined` when it is not JSON (a diff, a raw file). */
  body: Json;
  text: string;
  type: string | null;
}

/** One request to the fake as a client would send it: a token, a method, a JSON body, an Accept header. */
export async function call(
  url: string,
  options: { token?: string; method?: string; body?: unknown; accept?: string } = {},
): Promise<FakeAnswer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `token ${options.token}`;
  if (options.accept) headers.accept = options.accept;
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: Json;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text, type: response.headers.get('content-type') };
}
