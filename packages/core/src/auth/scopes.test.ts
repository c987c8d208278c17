import { describe, expect, it } from 'vitest';
import { AuthFailure } from './authenticator.js';
import { localPrincipal } from './principal.js';
import { hasScopes, insufficientScope, isValidScope, missingScopes, scopeSatisfies } from './scopes.js';

describe('scopeSatisfies', () => {
  it.each([
    // granted, required, satisfied
    ['*', 'tasks:read', true],
    ['*', 'tasks:write', true],
    ['*', 'anything', true],
    ['tasks:read', 'tasks:read', true],
    ['tasks:write', 'tasks:write', true],
    ['tasks:write', 'tasks:read', true],
    ['tasks:read', 'tasks:write', false],
    ['github:write', 'tasks:read', false],
    ['tasks:write', 'github:read', false],
    ['tasks:read', 'Tasks:read', false],
    ['tasks', 'tasks:read', false],
    ['tasks:*', 'tasks:read', false],
    [':write', ':read', false],
    ['tasks:write', 'tasks:admin', false],
    ['tasks:read', '*', false],
    ['tasks:write', '*', false],
    ['', 'tasks:read', false],
  ] as const)('%j grants %j: %s', (granted, required, expected) => {
    expect(scopeSatisfies(granted, required)).toBe(expected);
    expect(scopeSatisfies([granted], required)).toBe(expected);
  });

  it('is satisfied by any one of several grants, and never by none', () => {
    expect(scopeSatisfies(['github:read', 'tasks:write'], 'tasks:read')).toBe(true);
    expect(scopeSatisfies(['github:read', 'weather:read'], 'tasks:read')).toBe(false);
    expect(scopeSatisfies([], 'tasks:read')).toBe(false);
  });
});

describe('hasScopes / missingScopes', () => {
  const reader = { scopes: ['tasks:read', 'github:write'] };

  it('needs every required scope', () => {
    expect(hasScopes(reader, ['tasks:read', 'github:read', 'github:write'])).toBe(true);
    expect(hasScopes(reader, ['tasks:read', 'tasks:write'])).toBe(false);
    expect(missingScopes(reader, ['tasks:write', 'tasks:read', 'weather:read'])).toEqual(['tasks:write', 'weather:read']);
  });

  it('treats no required scopes as satisfied, even with no grants', () => {
    expect(hasScopes({ scopes: [] }, [])).toBe(true);
    expect(hasScopes({ scopes: [] }, ['tasks:read'])).toBe(false);
  });

  it('lets the local principal do everything', () => {
    expect(hasScopes(localPrincipal(), ['tasks:write', 'github:write', 'filesystem:read'])).toBe(true);
  });
});

describe('insufficientScope', () => {
  it('is a 403 with an exact insufficient_scope challenge', () => {
    const failure = insufficientScope(['tasks:write'], {
      resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
    });
    expect(failure).toBeInstanceOf(AuthFailure);
    expect(failure.status).toBe(403);
    expect(failure.code).toBe('forbidden');
    expect(failure.error).toBe('insufficient_scope');
    expect(failure.message).toBe(
      'Insufficient scope: this request needs the scope tasks:write, which these credentials do not grant. Re-authorize with that scope, or use an API key that has it.',
    );
    expect(failure.challenge).toBe(
      `Bearer error="insufficient_scope", error_description="${failure.message}", scope="tasks:write", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"`,
    );
  });

  it('lists several scopes space separated, and leaves out resource_metadata without one', () => {
    const failure = insufficientScope(['tasks:write', 'github:read']);
    expect(failure.message).toMatch(/needs the scopes tasks:write, github:read, which these credentials do not all grant/);
    expect(failure.challenge).toBe(
      `Bearer error="insufficient_scope", error_description="${failure.message}", scope="tasks:write github:read"`,
    );
  });
});

describe('isValidScope', () => {
  it('follows the RFC 6749 scope-token grammar', () => {
    for (const scope of ['tasks:read', '*', 'a', 'x-y.z_1:write']) expect(isValidScope(scope)).toBe(true);
    for (const scope of ['', 'tasks read', 'quote"d', 'back\\slash', 'tab\tbed', 'é']) expect(isValidScope(scope)).toBe(false);
  });
});
