import type { GitHubTokens } from './github-tokens.js';
import type { GitHubWorld } from './github-world.js';

/** The default seed's Gists (see default-seed.ts for the accounts and repositories). */
export function seedGists(_world: GitHubWorld, _tokens: GitHubTokens): void {}
