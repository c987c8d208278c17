import type { GitHubTokens } from './github-tokens.js';
import type { GitHubWorld } from './github-world.js';

/** The default seed's GitHub Actions: workflows (see default-seed.ts for the accounts and repositories). */
export function seedActions(_world: GitHubWorld, _tokens: GitHubTokens): void {}
