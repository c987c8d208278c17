import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { conflict } from '../errors/mcpkit-error.js';

/** What a confirmation token is bound to: the exact destructive call it approves. */
export interface ConfirmationSubject {
  /** The verb, as the user reads it (`delete`). */
  action: string;
  /** What is acted on: a task id, a resolved file path. */
  target: string;
  /** The target's state when confirmation was asked: any change since voids the token. */
  version: string | number;
  /** Who asked: another principal cannot use the token. */
  principal: string;
  /** Options that change what is destroyed (cascade, recursive). */
  variant: string;
}

export interface ConfirmationTokens {
  issue(subject: ConfirmationSubject): { token: string; expiresAt: string };
  /** Throws `conflict` unless the token approves exactly this subject and has not expired. */
  verify(token: string, subject: ConfirmationSubject): void;
}

export interface ConfirmationTokenOptions {
  /** HMAC key. Instances that serve the same data must share it. @default 32 random bytes per process */
  secret?: string;
  /** @default 300_000 (5 minutes) */
  ttlMs?: number;
  now?: () => number;
}

/**
 * The two-step confirmation for destructive tools on clients that cannot answer an
 * elicitation: the first call returns a token, the second call carries it. The token is
 * an HMAC over the subject and an expiry, so it cannot be forged, reused for another
 * target, used after the target changed, or used by someone else — and the server keeps
 * no state for it.
 */
export function createConfirmationTokens({ secret, ttlMs = 300_000, now = Date.now }: ConfirmationTokenOptions = {}): ConfirmationTokens {
  const key = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  const sign = (subject: ConfirmationSubject, expires: number) =>
    createHmac('sha256', key)
      .update(JSON.stringify([subject.action, subject.target, String(subject.version), subject.principal, subject.variant, expires]))
      .digest('base64url');
  return {
    issue(subject) {
      const expires = now() + ttlMs;
      return { token: `${expires.toString(36)}.${sign(subject, expires)}`, expiresAt: new Date(expires).toISOString() };
    },
    verify(token, subject) {
      const [expiresPart, mac] = token.split('.');
      const expires = Number.parseInt(expiresPart ?? '', 36);
      const expected = Number.isFinite(expires) ? Buffer.from(sign(subject, expires)) : undefined;
      const given = Buffer.from(mac ?? '');
      if (!expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
        throw conflict(
          `That confirmToken does not approve this ${subject.action}: it was issued for another target, options or caller, or the target changed since. Call again without confirmToken to get a fresh one.`,
        );
      }
      if (expires < now()) {
        throw conflict(`That confirmToken expired. Call again without confirmToken to get a fresh one.`);
      }
    },
  };
}
