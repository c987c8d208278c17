export type { GitHubApp } from './app.js';
export { githubOptions } from './config.js';
export { apiBaseUrl, githubServer } from './create-server.js';
