import { describe, expect, it } from 'vitest';
import { scrub, statusError, summarizeErrorBody } from './upstream-errors.js';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const call = { upstream: 'NWS', method: 'GET', path: '/alerts/active', attempts: 1 };

describe('summarizeErrorBody', () => {
  it('picks the reason-like field of a JSON body', () => {
    expect(summarizeErrorBody(json({ error: true, reason: 'Bad date' }), 'application/json')).toBe('Bad date');
    expect(summarizeErrorBody(json({ title: 'Not Found', detail: 'No zone' }), 'application/problem+json')).toBe('No zone');
    expect(summarizeErrorBody(json({ error: { message: 'nested' } }), 'application/json')).toBe('nested');
    expect(summarizeErrorBody(json({ data: [1, 2] }), 'application/json')).toBeUndefined();
  });

  it('gives nothing for HTML, empty or broken bodies, one line for text', () => {
    expect(summarizeErrorBody(Buffer.from('<html><body>x</body></html>'), 'text/html')).toBeUndefined();
    expect(summarizeErrorBody(Buffer.from('<!doctype html><p>x'), undefined)).toBeUndefined();
    expect(summarizeErrorBody(Buffer.from('   '), 'text/plain')).toBeUndefined();
    expect(summarizeErrorBody(Buffer.from('{"broken":'), 'application/json')).toBeUndefined();
    expect(summarizeErrorBody(Buffer.from('Service down\nstack line 1'), 'text/plain')).toBe('Service down');
  });

  it('removes credential-shaped strings and the values of sent headers', () => {
    const body = json({ message: 'token Bearer abcdefghijkl rejected, key sekrit-value-1' });
    const summary = summarizeErrorBody(body, 'application/json', ['sekrit-value-1']);
    expect(summary).not.toContain('abcdefghijkl');
    expect(summary).not.toContain('sekrit-value-1');
    expect(summary).toContain('rejected');
  });
});

describe('scrub', () => {
  it('removes the token after an auth scheme as well as the whole value', () => {
    expect(scrub('got tok_123456 and Bearer tok_123456', ['Bearer tok_123456'])).toBe('got [redacted] and [redacted]');
    expect(scrub('short abc stays', ['abc'])).toBe('short abc stays');
  });
});

describe('statusError', () => {
  it('chooses the code by status and keeps the reason in details', () => {
    const plain = { summary: 'why', html: false };
    expect(statusError(call, 404, plain, undefined).code).toBe('not_found');
    expect(statusError(call, 429, plain, 5_000)).toMatchObject({ code: 'rate_limited', retryAfterMs: 5_000 });
    expect(statusError(call, 429, plain, undefined).retryAfterMs).toBe(60_000);
    expect(statusError(call, 503, plain, undefined).code).toBe('upstream_error');
    expect(statusError(call, 401, plain, undefined).message).toContain('credentials');
    expect(statusError(call, 301, plain, undefined).message).toContain('redirect');
    expect(statusError(call, 400, plain, undefined).details).toEqual({ upstream: 'NWS', status: 400, reason: 'why' });
  });

  it('never sets the HTTP status of the error itself (that is for auth failures of mcpkit)', () => {
    expect(statusError(call, 401, { summary: undefined, html: false }, undefined).status).toBeUndefined();
  });
});
