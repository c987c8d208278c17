import { callGitHub } from '../client/call-github.js';
import type { GitHubClient } from '../client/github-client.js';

/**
 * The login of the account the token acts as, asked of GitHub once (`GET /user`) and then
 * remembered: the token does not change while the server runs. A failed or cancelled lookup is
 * forgotten, so the next call asks again rather than inheriting one caller's abort. The start-up
 * check of the token asks the same question: what it learns is told with `know`, so a server
 * whose check went well never asks twice.
 */
export type Viewer = ((signal: AbortSignal) => Promise<string>) & { know(login: string): void };

export function createViewer(github: GitHubClient): Viewer {
  let login: Promise<string> | undefined;
  const viewer = (signal: AbortSignal) => {
    login ??= callGitHub('the authenticated user', () => github.rest.users.getAuthenticated({ request: { signal } })).then(
      ({ data }) => data.login,
    );
    const asked = login;
    asked.catch(() => {
      if (login === asked) login = undefined;
    });
    return asked;
  };
  return Object.assign(viewer, {
    know(known: string) {
      login ??= Promise.resolve(known);
    },
  });
}
