import { createApiKeyAuthenticator, generateApiKey, hashApiKey } from '../auth/api-keys.js';
import { parseApiKeysSpec } from '../auth/api-keys-spec.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { CoreConfig } from '../config/core-options.js';
import { ConfigError } from '../config/load-config.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * The HTTP authenticator the config asks for. With `api-key` and no keys configured, a
 * fresh key with every scope is generated for this run (and shown once by the caller):
 * a server is never reachable over HTTP without a credential unless the user says
 * `--auth none`, which is refused on anything but a loopback bind.
 */
export async function buildAuthenticator(
  config: CoreConfig,
  toolsets: readonly string[],
): Promise<{ authenticator?: Authenticator; generatedKey?: string }> {
  switch (config.auth) {
    case 'none':
      if (!LOOPBACK.has(config.host)) {
        throw new ConfigError([`--auth none is only allowed on a loopback --host (got ${config.host}); use api-key or oauth`]);
      }
      return {};
    case 'api-key': {
      if (config.apiKeys) return { authenticator: createApiKeyAuthenticator({ keys: parseApiKeysSpec(config.apiKeys) }) };
      const generatedKey = generateApiKey();
      return {
        authenticator: createApiKeyAuthenticator({ keys: [{ id: 'local-key', hash: hashApiKey(generatedKey), scopes: ['*'] }] }),
        generatedKey,
      };
    }
    case 'oauth': {
      const problems: string[] = [];
      if (!config.oauthIssuer) problems.push('OAUTH_ISSUER / --oauth-issuer: required with --auth oauth');
      if (!config.publicUrl) problems.push('MCP_PUBLIC_URL / --public-url: required with --auth oauth (it is the token audience)');
      if (problems.length > 0 || !config.oauthIssuer || !config.publicUrl) throw new ConfigError(problems);
      const publicUrl = new URL(config.publicUrl);
      // jose loads only in OAuth mode.
      const { createOAuthAuthenticator } = await import('../auth/oauth.js');
      return {
        authenticator: createOAuthAuthenticator({
          issuer: config.oauthIssuer,
          audience: publicUrl.href,
          jwksUrl: config.oauthJwksUrl ?? new URL('/.well-known/jwks.json', config.oauthIssuer).href,
          resourceMetadataUrl: new URL(`/.well-known/oauth-protected-resource${publicUrl.pathname}`, publicUrl).href,
          scopesSupported: toolsets.flatMap((toolset) => [`${toolset}:read`, `${toolset}:write`]),
        }),
      };
    }
  }
}
