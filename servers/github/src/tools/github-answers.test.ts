import { CLIENT_KINDS, expectToolError } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubHarness, startGitHub } from '../github-server.fixture.js';

// What GitHub refuses, each read tool passes on as a clear error naming what it asked for: the
// failure half of the tools whose own suites cover the success half.

const HELLO = { owner: 'octo-org', repo: 'hello-world' };
const MISSING = { owner: 'octo-org', repo: 'no-such-repo' };

describe.each(CLIENT_KINDS)('GitHub refusals, tool by tool (%s)', (kind) => {
  let h: GitHubHarness;
  beforeAll(async () => {
    h = await startGitHub(kind, { argv: ['--toolsets', 'all'] });
  });
  afterAll(async () => {
    await h.close();
  });

  const notFound: Array<[string, Record<string, unknown>, RegExp]> = [
    ['list_tags', MISSING, /octo-org\/no-such-repo/],
    ['list_releases', MISSING, /octo-org\/no-such-repo/],
    ['get_latest_release', MISSING, /octo-org\/no-such-repo/],
    ['list_branches', MISSING, /octo-org\/no-such-repo/],
    ['list_label', MISSING, /octo-org\/no-such-repo/],
    ['list_issue_comments', { ...HELLO, issueNumber: 9999 }, /#9999/],
    ['add_issue_comment', { ...HELLO, issueNumber: 9999, body: 'Hello?' }, /#9999/],
    ['list_pull_requests', MISSING, /octo-org\/no-such-repo/],
    ['get_pull_request_files', { ...HELLO, pullNumber: 9999 }, /#9999/],
    ['get_pull_request_status', { ...HELLO, pullNumber: 9999 }, /#9999/],
    ['get_pull_request_reviews', { ...HELLO, pullNumber: 9999 }, /#9999/],
    ['get_pull_request_comments', { ...HELLO, pullNumber: 9999 }, /#9999/],
    ['get_pull_request_diff', { ...HELLO, pullNumber: 9999 }, /#9999/],
    ['list_workflows', MISSING, /octo-org\/no-such-repo/],
    ['list_workflow_jobs', { ...HELLO, runId: 999_999 }, /999999/],
  ];

  it.each(notFound)('%s: what GitHub does not find is not found, named', async (tool, args, named) => {
    const result = await h.client.callTool(tool, args);
    expectToolError(result, 'not_found', named);
  });

  it('get_commit: a sha GitHub has no commit for is refused with its words', async () => {
    expectToolError(await h.client.callTool('get_commit', { ...HELLO, sha: 'f'.repeat(40) }), 'invalid_input', /No commit found for SHA/);
  });

  it('search_repositories: a query GitHub cannot run says why', async () => {
    h.github.inject('/search/repositories', {
      status: 422,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      json: {
        message: 'Validation Failed',
        errors: [
          {
            message: 'The search contains only logical operators (AND / OR / NOT) without any search terms.',
            resource: 'Search',
            field: 'q',
            code: 'invalid',
          },
        ],
        documentation_url: 'https://docs.github.com/v3/search/',
        status: '422',
      },
    });
    const result = await h.client.callTool('search_repositories', { query: 'NOT' });
    expectToolError(result, 'invalid_input', /only logical operators/);
    expect(result.text).toMatch(/repository search "NOT"/);
  });

  it('a private repository is not found for a token that cannot see it, whatever the tool', async () => {
    const mallory = await startGitHub(kind, { token: 'mallory', argv: ['--toolsets', 'all'] });
    try {
      const secret = { owner: 'octo-org', repo: 'secret-plans' };
      for (const [tool, args] of [
        ['list_commits', secret],
        ['list_issues', secret],
        ['list_pull_requests', secret],
        ['list_workflow_runs', secret],
        ['get_file_contents', { ...secret, path: 'README.md' }],
      ] as const) {
        expectToolError(await mallory.client.callTool(tool, args), 'not_found', /octo-org\/secret-plans/);
      }
    } finally {
      await mallory.close();
    }
  });
});
