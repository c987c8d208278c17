import type { FakeResponse, RecordedRequest } from '../fake-upstream.js';
import { isBinary } from './git-store.js';
import type { GitHubTokens } from './github-tokens.js';
import { canSee, identify } from './github-tokens.js';
import type { GitHubWorld } from './github-world.js';

/**
 * What raw.githubusercontent.com serves, at `/raw/{owner}/{repo}/{ref}/{path}` on the fake: the
 * file's bytes as plain text (or octet-stream for binaries), plain-text `404: Not Found`
 * otherwise. Private files need the `?token=` their `download_url` carries, or an Authorization
 * header. Not the API: no rate limit, no API headers.
 */

const NOT_FOUND: FakeResponse = { status: 404, text: '404: Not Found' };

export function serveRaw(
  request: RecordedRequest,
  world: GitHubWorld,
  tokens: GitHubTokens,
  rawTokens: ReadonlyMap<string, string>,
): FakeResponse {
  if (request.method !== 'GET' && request.method !== 'HEAD') return { status: 405, text: 'Method Not Allowed' };
  const parts = request.path.split('/').slice(2).map(safeDecode);
  const [owner = '', name = '', ...rest] = parts;
  const repo = world.repo(owner, name);
  if (!repo) return NOT_FOUND;
  const identified = identify(headerOf(request, 'authorization'), world, tokens);
  const viaToken = rawTokens.get(request.query.token ?? '');
  const caller = identified === 'bad' ? {} : identified;
  const login = viaToken ?? caller.account?.login;
  const allowed = viaToken !== undefined ? world.access(repo, login) !== 'none' : canSee(world, caller, repo);
  if (!allowed) return NOT_FOUND;
  // A ref may hold slashes: take the longest leading run of segments that names one.
  for (let split = rest.length - 1; split >= 1; split -= 1) {
    const commit = repo.git.resolve(rest.slice(0, split).join('/'));
    if (!commit) continue;
    const entry = commit.files.get(rest.slice(split).join('/'));
    if (entry?.kind !== 'file') return NOT_FOUND;
    return {
      status: 200,
      headers: {
        'content-type': isBinary(entry.content) ? 'application/octet-stream' : 'text/plain; charset=utf-8',
        'cache-control': 'max-age=300',
        etag: `"${entry.sha}"`,
      },
      body: entry.content,
    };
  }
  return NOT_FOUND;
}

function headerOf(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
