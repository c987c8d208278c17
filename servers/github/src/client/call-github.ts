import { toGitHubError } from './github-errors.js';

/**
 * Runs one Octokit call and turns whatever it throws into an error a model can act on,
 * naming what the call was about ("issue #42 in octo-org/hello-world").
 */
export async function callGitHub<T>(subject: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGitHubError(error, subject);
  }
}
