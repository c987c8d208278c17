import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectClient, httpTransport } from '@mcpkit/testing';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { createDemoServer } from '../serve/demo-server.fixture.js';
import { type RunningServer, startServer } from '../serve/start-server.js';

/**
 * OAuth 2.1 resource-server mode end to end: a local issuer's JWKS over HTTP, locally
 * signed tokens, the real HTTP host and real clients.
 */
const ISSUER = 'https://issuer.test';
const PUBLIC_URL = 'https://tools.example.test/mcp';
let jwks: Server;
let server: RunningServer<unknown>;
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

async function token(claims: Record<string, unknown>, options: { expiresIn?: string; audience?: string; issuer?: string } = {}) {
  return new SignJWT({ scope: 'basics:read admin:write', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setSubject('user-7')
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? PUBLIC_URL)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(privateKey);
}

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const { definition } = createDemoServer();
  server = await startServer(definition, {
    argv: ['--http', '--port', '0', '--auth', 'oauth'],
    env: {
      OAUTH_ISSUER: ISSUER,
      OAUTH_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`,
      MCP_PUBLIC_URL: PUBLIC_URL,
    },
    logger: createLogger({ name: 'demo', level: 'silent' }),
  });
});
afterAll(async () => {
  await server.close();
  jwks.close();
});

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});
const post = (authorization?: string) =>
  fetch(server.url as string, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(authorization && { authorization }),
    },
    body: initialize,
  });

describe('OAuth resource server over HTTP', () => {
  it('serves RFC 9728 protected-resource metadata', async () => {
    const response = await fetch(new URL('/.well-known/oauth-protected-resource/mcp', server.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      resource: PUBLIC_URL,
      authorization_servers: [ISSUER],
      scopes_supported: ['basics:read', 'basics:write', 'admin:read', 'admin:write'],
      bearer_methods_supported: ['header'],
    });
  });

  it('challenges a request without a token, pointing at the metadata', async () => {
    const response = await post();
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('resource_metadata="https://tools.example.test/.well-known/oauth-protected-resource/mcp"');
    expect(challenge).not.toContain('error=');
  });

  it.each([
    ['expired', () => token({}, { expiresIn: '-1m' })],
    ['for another audience', () => token({}, { audience: 'https://other.example/mcp' })],
    ['from another issuer', () => token({}, { issuer: 'https://evil.test' })],
    ['tampered', async () => `${(await token({})).slice(0, -4)}AAAA`],
  ])('rejects a token %s with invalid_token', async (_label, make) => {
    const jwt = await make();
    const response = await post(`Bearer ${jwt}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await response.text()).not.toContain(jwt);
  });

  it('serves a valid token, with the tools its scopes allow', async () => {
    const client = await connectClient('v2-modern', httpTransport('v2-modern', server.url as string, await token({})));
    expect((await client.callTool('echo', { message: 'hi' })).structured).toEqual({ echoed: 'hi' });
    expect((await client.callTool('increment', {})).isError).toBe(false);
    await client.close();
  });

  it('hides and refuses write tools for a read-only token', async () => {
    const jwt = await token({ scope: 'basics:read' });
    for (const kind of ['v2-modern', 'v1'] as const) {
      const client = await connectClient(kind, httpTransport(kind, server.url as string, jwt));
      const names = (await client.listTools()).map((t) => t.name);
      expect(names).toContain('echo');
      expect(names).not.toContain('increment');
      const refused = await client.callTool('increment', {}).catch((error: Error) => ({ isError: true, text: error.message }));
      expect(refused.isError).toBe(true);
      expect(refused.text).toMatch(/increment/);
      await client.close();
    }
  });
});
