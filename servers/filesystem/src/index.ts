export type { FilesystemApp, FilesystemLimits } from './app.js';
export { filesystemOptions } from './config.js';
export { filesystemServer } from './create-server.js';
