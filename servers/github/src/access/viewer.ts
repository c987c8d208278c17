import { callGitHub } from '../client/call-github.js';
import type { GitHubClient } from '../client/github-client.js';

/**
 * The login of the account the token acts as, asked of GitHub once (`GET /user`) and then
 * remembered: the token does not change while the server runs. A failed or cancelled lookup is
 * forgotten, so the next call asks again rather than inheriting one caller's abort.
 */
export type Viewer = (signal: AbortSignal) => Promise<string>;

export function createViewer(github: GitHubClient): Viewer {
  let login: Promise<string> | undefined;
  return (signal) => {
    login ??= callGitHub('the authenticated user', () => github.rest.users.getAuthenticated({ request: { signal } })).then(
      ({ data }) => data.login,
    );
    const asked = login;
    asked.catch(() => {
      if (login === asked) login = undefined;
    });
    return asked;
  };
}
