import type { FakeResponse } from '../fake-upstream.js';
import { notAccessibleByToken, notFound, requiresAuthentication } from './github-errors.js';
import type { GitHubAccount, GitHubRepo, GitHubWorld, RepoAccess } from './github-world.js';
import { fullName } from './github-world.js';

/**
 * Who is calling, and what their token lets them reach. Classic tokens (`ghp_…`) carry OAuth
 * scopes (reported in `x-oauth-scopes`; without `repo` a private repository does not exist for
 * them); fine-grained tokens (`github_pat_…`) carry per-area permissions and a repository
 * selection, and are refused with "Resource not accessible by personal access token".
 */

/** Fine-grained permission areas, spelled as GitHub names them in a token's settings. */
export type TokenArea =
  | 'contents'
  | 'issues'
  | 'pull_requests'
  | 'metadata'
  | 'actions'
  | 'checks'
  | 'statuses'
  | 'security_events'
  | 'secret_scanning_alerts'
  | 'vulnerability_alerts'
  | 'administration';

export interface TokenGrant {
  login: string;
  kind: 'classic' | 'fine-grained';
  /** Classic tokens: OAuth scopes. @default ['repo', 'read:org', 'notifications', 'gist'] */
  scopes?: string[];
  /** Fine-grained tokens: repository permissions. @default contents, issues and pull_requests: write */
  permissions?: Partial<Record<TokenArea, 'read' | 'write'>>;
  /** Fine-grained tokens: private repositories (`owner/name`) they reach, or every one. @default 'all' */
  repositories?: string[] | 'all';
  /** Fine-grained tokens: sent as `github-authentication-token-expiration`. */
  expiresAt?: string;
}

export const DEFAULT_CLASSIC_SCOPES = ['repo', 'read:org', 'notifications', 'gist'];

export class GitHubTokens {
  private readonly grants = new Map<string, TokenGrant>();

  add(token: string, grant: TokenGrant): void {
    this.grants.set(token, grant);
  }

  remove(token: string): void {
    this.grants.delete(token);
  }

  get(token: string): TokenGrant | undefined {
    return this.grants.get(token);
  }
}

export interface Caller {
  /** Undefined for anonymous requests. */
  account?: GitHubAccount;
  grant?: TokenGrant;
  token?: string;
}

/** Reads `Authorization: token …`, `Bearer …` or Basic (token as password); `'bad'` for an unknown token. */
export function identify(header: string | undefined, world: GitHubWorld, tokens: GitHubTokens): Caller | 'bad' {
  if (header === undefined || header.trim() === '') return {};
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2);
  let token = value;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    token = decoded.slice(decoded.indexOf(':') + 1);
  } else if (!['token', 'bearer'].includes(scheme.toLowerCase())) {
    return 'bad';
  }
  const grant = tokens.get(token);
  const account = grant ? world.account(grant.login) : undefined;
  if (!grant || !account) return 'bad';
  return { account, grant, token };
}

export function scopesOf(grant: TokenGrant): string[] {
  return grant.scopes ?? DEFAULT_CLASSIC_SCOPES;
}

function permissionOf(grant: TokenGrant, area: TokenArea): 'read' | 'write' | undefined {
  if (area === 'metadata') return 'read';
  return (grant.permissions ?? { contents: 'write', issues: 'write', pull_requests: 'write' })[area];
}

function selects(grant: TokenGrant, repo: GitHubRepo): boolean {
  const selection = grant.repositories ?? 'all';
  return selection === 'all' || selection.some((name) => name.toLowerCase() === fullName(repo).toLowerCase());
}

/** Whether the repository exists for this caller at all (otherwise it is a 404). */
export function canSee(world: GitHubWorld, caller: Caller, repo: GitHubRepo): boolean {
  if (world.access(repo, caller.account?.login) === 'none') return false;
  if (!repo.private || !caller.grant) return true;
  if (caller.grant.kind === 'classic') return scopesOf(caller.grant).includes('repo');
  return selects(caller.grant, repo);
}

/** The caller's role in the repository ('none' when they cannot see it). */
export function accessOf(world: GitHubWorld, caller: Caller, repo: GitHubRepo): RepoAccess {
  return canSee(world, caller, repo) ? world.access(repo, caller.account?.login) : 'none';
}

/** Refuses a read the token does not cover; `undefined` when it may go ahead. */
export function readRefusal(
  world: GitHubWorld,
  caller: Caller,
  repo: GitHubRepo,
  area: TokenArea,
  docs?: string,
): FakeResponse | undefined {
  if (!canSee(world, caller, repo)) return notFound(docs);
  const grant = caller.grant;
  if (grant?.kind === 'fine-grained' && repo.private && permissionOf(grant, area) === undefined) return notAccessibleByToken(docs);
  return undefined;
}

/**
 * Refuses a write the caller's token does not cover: 401 anonymous, 404 when the repository is
 * hidden or a classic token lacks the scope, 403 for a fine-grained token without write on `area`
 * or outside its selection. The caller's own role is checked by each route, since GitHub answers
 * that differently per endpoint.
 */
export function writeRefusal(
  world: GitHubWorld,
  caller: Caller,
  repo: GitHubRepo,
  area: TokenArea,
  docs?: string,
): FakeResponse | undefined {
  if (!caller.account || !caller.grant) return requiresAuthentication(docs);
  if (!canSee(world, caller, repo)) return notFound(docs);
  const grant = caller.grant;
  if (grant.kind === 'classic') {
    const scopes = scopesOf(grant);
    if (!scopes.includes('repo') && !(scopes.includes('public_repo') && !repo.private)) return notFound(docs);
    return undefined;
  }
  if (permissionOf(grant, area) !== 'write' || !selects(grant, repo)) return notAccessibleByToken(docs);
  return undefined;
}
