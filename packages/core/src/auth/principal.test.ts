import type { AuthInfo } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { localPrincipal, type Principal, principalFromAuthInfo, REDACTED_TOKEN, toAuthInfo } from './principal.js';

const oauthPrincipal: Principal = {
  id: 'user-42',
  kind: 'oauth',
  scopes: ['tasks:read'],
  clientId: 'claude-desktop',
  expiresAt: 1_800_003_600,
};

describe('localPrincipal', () => {
  it('is the trusted stdio user with every scope, fresh each time', () => {
    expect(localPrincipal()).toEqual({ id: 'local', kind: 'local', scopes: ['*'] });
    expect(localPrincipal()).not.toBe(localPrincipal());
  });
});

describe('toAuthInfo', () => {
  it('fills the SDK AuthInfo with a placeholder instead of the token', () => {
    const info = toAuthInfo(oauthPrincipal, { resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp' });
    expect(info).toEqual({
      token: REDACTED_TOKEN,
      clientId: 'claude-desktop',
      scopes: ['tasks:read'],
      expiresAt: 1_800_003_600,
      resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
      extra: { mcpkitPrincipal: oauthPrincipal },
    });
    expect(REDACTED_TOKEN).toBe('[redacted]');
  });

  it('uses the principal id as client id when there is none, and leaves out what is unknown', () => {
    const info = toAuthInfo({ id: 'ci', kind: 'api-key', scopes: ['*'] });
    expect(info).toEqual({
      token: REDACTED_TOKEN,
      clientId: 'ci',
      scopes: ['*'],
      extra: { mcpkitPrincipal: { id: 'ci', kind: 'api-key', scopes: ['*'] } },
    });
    expect('expiresAt' in info).toBe(false);
    expect('resourceMetadataUrl' in info).toBe(false);
  });

  it('copies the scopes so the AuthInfo and the principal cannot change each other', () => {
    const scopes = ['tasks:read'];
    const info = toAuthInfo({ id: 'a', kind: 'api-key', scopes });
    info.scopes.push('*');
    expect(scopes).toEqual(['tasks:read']);
    expect(principalFromAuthInfo(info)?.scopes).toEqual(['tasks:read']);
  });
});

describe('principalFromAuthInfo', () => {
  it('gives back exactly the principal toAuthInfo carried', () => {
    expect(principalFromAuthInfo(toAuthInfo(oauthPrincipal))).toEqual(oauthPrincipal);
    const apiKey: Principal = { id: 'ci', kind: 'api-key', scopes: ['tasks:write'], clientId: 'ci' };
    expect(principalFromAuthInfo(toAuthInfo(apiKey))).toEqual(apiKey);
  });

  it('is undefined without AuthInfo (stdio)', () => {
    expect(principalFromAuthInfo(undefined)).toBeUndefined();
  });

  it('never turns a foreign or malformed AuthInfo into the local principal', () => {
    const foreign: AuthInfo = { token: 'x', clientId: 'other-client', scopes: ['tasks:read'], expiresAt: 5 };
    expect(principalFromAuthInfo(foreign)).toEqual({
      id: 'other-client',
      kind: 'oauth',
      scopes: ['tasks:read'],
      clientId: 'other-client',
      expiresAt: 5,
    });

    const tampered: AuthInfo = { ...foreign, extra: { mcpkitPrincipal: { id: 'local', kind: 'root', scopes: ['*'] } } };
    expect(principalFromAuthInfo(tampered)).toMatchObject({ kind: 'oauth', scopes: ['tasks:read'] });

    const badScopes = { ...foreign, scopes: ['tasks:read', 7] } as unknown as AuthInfo;
    expect(principalFromAuthInfo(badScopes)?.scopes).toEqual(['tasks:read']);
  });
});
