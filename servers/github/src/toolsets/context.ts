import { getMe } from '../tools/get-me.js';
import type { GitHubToolset } from './toolset.js';

export const contextToolset: GitHubToolset = {
  name: 'context',
  description: 'Who the token acts as',
  tools: [getMe],
};
