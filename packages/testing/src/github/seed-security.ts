import type { GitHubTokens } from './github-tokens.js';
import type { GitHubWorld } from './github-world.js';

/** The default seed's Code scanning (see default-seed.ts for the accounts and repositories). */
export function seedSecurity(_world: GitHubWorld, _tokens: GitHubTokens): void {}
