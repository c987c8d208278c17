import type { GitHubTokens } from './github-tokens.js';
import type { GitHubWorld } from './github-world.js';

/** The default seed's Organization teams and their members (see default-seed.ts for the accounts and repositories). */
export function seedTeams(_world: GitHubWorld, _tokens: GitHubTokens): void {}
