import type { Logger } from '@mcpkit/core';
import type { GitHubClient } from './github-client.js';

/** Classic-token scopes each toolset needs at least one of (fine-grained tokens grant per repository instead). */
const TOOLSET_SCOPES: Record<string, readonly string[]> = {
  repos: ['repo', 'public_repo'],
  issues: ['repo', 'public_repo'],
  pull_requests: ['repo', 'public_repo'],
  actions: ['repo', 'workflow'],
  code_security: ['security_events', 'repo'],
  secret_protection: ['security_events', 'repo'],
  dependabot: ['security_events', 'repo'],
  notifications: ['notifications', 'repo'],
  orgs: ['read:org', 'admin:org'],
  gists: ['gist'],
};

/** Toolsets GitHub serves to classic tokens only (fine-grained tokens have no permission for them). */
const CLASSIC_ONLY_TOOLSETS = new Set(['notifications']);

/**
 * Tells the operator at start what the token can do: who it is, its scopes, and which
 * enabled toolsets it cannot serve; answers the token's login (undefined when GitHub would not say). Runs in the background: a slow or unreachable GitHub
 * must not delay a desktop client's start, and every tool reports its own failures.
 */
export async function reportTokenScopes(github: GitHubClient, toolsets: readonly string[], logger: Logger): Promise<string | undefined> {
  try {
    const { data, headers } = await github.request('GET /user');
    const header = headers['x-oauth-scopes'];
    if (header === undefined) {
      logger.info({ login: data.login }, 'GitHub token: fine-grained or app token; permissions are granted per repository');
      const classicOnly = toolsets.filter((toolset) => CLASSIC_ONLY_TOOLSETS.has(toolset));
      if (classicOnly.length > 0) {
        logger.warn(
          { toolsets: classicOnly },
          `GitHub answers ${classicOnly.join(', ')} to classic tokens only; use one with the scopes those need, or leave them out`,
        );
      }
      return data.login;
    }
    const scopes = String(header)
      .split(',')
      .map((scope) => scope.trim())
      .filter(Boolean);
    const missing = toolsets.filter((toolset) => {
      const needed = TOOLSET_SCOPES[toolset];
      return needed !== undefined && !needed.some((scope) => scopes.includes(scope));
    });
    logger.info({ login: data.login, scopes }, 'GitHub token scopes');
    if (missing.length > 0) {
      logger.warn(
        { toolsets: missing, scopes },
        `the GitHub token lacks the scopes for: ${missing.join(', ')}; their calls will be refused by GitHub`,
      );
    }
    return data.login;
  } catch (error) {
    const status = (error as { status?: number }).status;
    logger.warn(
      { status },
      status === 401
        ? 'GitHub rejected the token (401 Bad credentials): set a valid GITHUB_TOKEN'
        : 'could not check the GitHub token at start',
    );
    return undefined;
  }
}
