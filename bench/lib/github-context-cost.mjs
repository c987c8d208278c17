import * as fmt from './format.mjs';
import { info, infoRow, judge, ratioAtMost } from './goals.mjs';
import { startSession } from './processes.mjs';
import { githubServer, importTesting, referenceGithubServer, referenceGithubVersion } from './servers.mjs';
import { median, ratio, sum } from './stats.mjs';
import { compareListings, listedToolSizes } from './tool-listing.mjs';

/** Every toolset on, so the listing holds every tool mcpkit-github has. */
const ALL_TOOLSETS = ['--toolsets', 'all'];

const size = (value) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)));

/**
 * The calls a model makes most, on the seed repository: the tool, its arguments, and the REST
 * path the server must request for it (the request whose raw answer is the baseline).
 */
function typicalCalls({ owner, repo }, headSha) {
  const base = `/repos/${owner}/${repo}`;
  return [
    { label: 'get_issue #1', tool: 'get_issue', args: { owner, repo, issueNumber: 1 }, path: `${base}/issues/1` },
    { label: 'list_issues, 30 a page', tool: 'list_issues', args: { owner, repo, perPage: 30 }, path: `${base}/issues` },
    {
      label: 'get_file_contents README.md',
      tool: 'get_file_contents',
      args: { owner, repo, path: 'README.md' },
      path: `${base}/contents/README.md`,
    },
    { label: 'list_commits, 30 a page', tool: 'list_commits', args: { owner, repo, perPage: 30 }, path: `${base}/commits` },
    {
      label: `get_commit ${headSha.slice(0, 7)} (head of the default branch)`,
      tool: 'get_commit',
      args: { owner, repo, sha: headSha },
      path: `${base}/commits/${headSha}`,
    },
    { label: 'list_pull_requests, open', tool: 'list_pull_requests', args: { owner, repo }, path: `${base}/pulls` },
    { label: 'get_pull_request #31', tool: 'get_pull_request', args: { owner, repo, pullNumber: 31 }, path: `${base}/pulls/31` },
    { label: 'list_workflow_runs, 30 a page', tool: 'list_workflow_runs', args: { owner, repo }, path: `${base}/actions/runs` },
    {
      label: `search_issues "repo:${owner}/${repo} is:open"`,
      tool: 'search_issues',
      args: { query: `repo:${owner}/${repo} is:open`, perPage: 30 },
      path: '/search/issues',
    },
  ];
}

/** A GET on the fake with `token`, as a plain REST client sends it: the parsed JSON answer, or an error naming the status. */
async function restJson(fake, token, pathAndQuery) {
  const response = await fetch(`${fake.url}${pathAndQuery}`, {
    headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json' },
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`the fake GitHub answered ${response.status} to GET ${pathAndQuery}: ${body.slice(0, 300)}`);
  return JSON.parse(body);
}

/**
 * One typical call on our server, then the same REST request it made replayed on the fake with
 * the same token: the MCP result's bytes (text content and structuredContent, as JSON), of
 * which text, and the raw answer's bytes (compact JSON).
 */
async function measureCall(session, fake, token, call) {
  const before = fake.requests.length;
  const result = await session.call(call.tool, call.args);
  const made = fake.requests.slice(before);
  const matching = made.filter((request) => request.method === 'GET' && request.path === call.path);
  if (matching.length !== 1) {
    const seen = made.map((request) => `${request.method} ${request.url}`).join(', ') || 'none';
    throw new Error(`${call.tool} was expected to GET ${call.path} once; the fake received: ${seen}`);
  }
  const raw = await restJson(fake, token, matching[0].url);
  const text = sum((result.content ?? []).filter((block) => block.type === 'text').map((block) => Buffer.byteLength(block.text)));
  return {
    ...call,
    request: matching[0].url,
    upstream: made.length,
    result: size({ content: result.content, structuredContent: result.structuredContent }),
    text,
    raw: size(raw),
  };
}

/**
 * What mcpkit-github costs a model's context: the bytes of `tools/list` per tool against the
 * archived reference server, over the tools both have, and the bytes of typical results against
 * the raw REST JSON of the same requests, on the fake GitHub of the test harness.
 */
export async function runGithubContextCost({ tracker }) {
  const testing = await importTesting();
  const fake = await testing.startFakeGitHub();
  tracker.onCleanup(() => fake.close());
  const token = testing.SEED_TOKENS.octocat;
  const seedRepo = testing.SEED_REPOS.helloWorld;

  const defaultSession = await startSession(githubServer({ apiUrl: fake.url, token }), tracker);
  const oursDefault = await listedToolSizes(defaultSession);
  await defaultSession.close();
  const session = await startSession(githubServer({ apiUrl: fake.url, token }, { options: ALL_TOOLSETS }), tracker);
  const ours = await listedToolSizes(session);
  const referenceSession = await startSession(referenceGithubServer(token), tracker);
  const reference = await listedToolSizes(referenceSession);
  await referenceSession.close();

  const { shared, averageRow, wholeRow, modelRow, totalRows, notes } = compareListings(ours, reference, 'mcpkit-github');
  const defaults = compareListings(oursDefault, reference, 'mcpkit-github');

  const { default_branch: defaultBranch } = await restJson(fake, token, `/repos/${seedRepo.owner}/${seedRepo.repo}`);
  const branch = await restJson(fake, token, `/repos/${seedRepo.owner}/${seedRepo.repo}/branches/${encodeURIComponent(defaultBranch)}`);
  const calls = [];
  for (const call of typicalCalls(seedRepo, branch.commit.sha)) calls.push(await measureCall(session, fake, token, call));
  await session.close();

  const bound = ratioAtMost(1);
  const goal = ratioAtMost(0.5);

  const callRatios = calls.map((call) => ratio(call.result, call.raw));
  const medianRatio = median(callRatios);
  const resultGoal = ratioAtMost(0.5, 'proposed');
  const totalResult = sum(calls.map((call) => call.result));
  const totalRaw = sum(calls.map((call) => call.raw));

  const perCall = [
    '| Call | REST request replayed | mcpkit-github result (of which text) | Raw REST JSON | Ratio | Ratio, text only |',
    '| --- | --- | --- | --- | --- | --- |',
    ...calls.map(
      (call, i) =>
        `| \`${call.label}\` | \`GET ${call.request}\` | ${fmt.bytes(call.result)} (${fmt.bytes(call.text)}) | ${fmt.bytes(call.raw)} | ${fmt.ratio(callRatios[i])} | ${fmt.ratio(ratio(call.text, call.raw))} |`,
    ),
  ].join('\n');
  const extraRequests = calls.filter((call) => call.upstream > 1);

  return {
    title: '12. GitHub: context cost',
    baselineLabel: `reference server-github ${referenceGithubVersion()} for tools/list; the raw REST JSON for results`,
    how: `**Tool definitions.** Each server is started over stdio and asked \`tools/list\` once after an \`initialize\` at protocol 2025-06-18: mcpkit-github once with its default toolsets and once with \`${ALL_TOOLSETS.join(' ')}\` (rate limits raised, as every bench server), the archived reference \`@modelcontextprotocol/server-github\` as its README starts it, with the seed token in \`GITHUB_PERSONAL_ACCESS_TOKEN\` (it needs none to list). A tool's cost is the UTF-8 bytes of its JSON object in that answer (name, title, description, input and output schemas, annotations). The listing is deterministic, so one each is the measurement. The issue's bound and goal are on its words, the bytes of \`tools/list\` per tool: each whole listing's bytes over its number of tools. Two rows follow for information: like for like, the average over the ${shared.length} tools both servers have (by name), where ours carry a title, annotations and an output schema the reference has none of; and the model-facing part of the same tools — name, description and input schema, all that the Anthropic and OpenAI tool APIs take from a definition (title, annotations and output schema serve the host). **Results.** mcpkit-github runs against the fake GitHub of the test harness (\`startFakeGitHub\`, on loopback, its default seed) with the seed token of octocat (owner of ${seedRepo.owner}/${seedRepo.repo}), and makes ${calls.length} typical calls on ${seedRepo.owner}/${seedRepo.repo}, once each: ${calls.map((call) => `\`${call.label}\``).join(', ')}. A result's cost is the UTF-8 bytes of its \`content\` array and its \`structuredContent\`, serialised as JSON together — both, though a host usually hands the model one of them (the text alone is in the table below). The baseline is the raw REST JSON of the same request: the GET the server made for the call, read from the fake's request log and replayed on the fake with the same token and \`Accept: application/vnd.github+json\`, its body counted as compact JSON (the fake's URLs, \`http://127.0.0.1:<port>\`, are as long as \`https://api.github.com\` with a five-digit port). The result row's ratio is the median of the ${calls.length} per-call ratios (its candidate and baseline cells the medians of the byte counts); the total follows for information. The reference server cannot be measured on results: it sends every call to api.github.com, hard-coded, so it never reaches the fake.`,
    rows: [
      wholeRow(
        `tools/list bytes per tool, every toolset (ours ${ours.size} tools, reference ${reference.size}) — the issue's bound`,
        bound,
      ),
      wholeRow(`tools/list bytes per tool, every toolset (ours ${ours.size} tools, reference ${reference.size}) — the issue's goal`, goal),
      defaults.wholeRow(
        `tools/list bytes per tool, default toolsets (ours ${oursDefault.size} tools, reference ${reference.size}) — the issue's bound`,
        bound,
      ),
      averageRow(`tools/list bytes per tool, like for like: the ${shared.length} shared tools`, info),
      modelRow(`model-facing bytes per tool (name, description, input schema), the ${shared.length} shared tools`, info),
      ...totalRows('tools/list bytes'),
      {
        measure: `typical results vs the raw REST JSON, median of ${calls.length} per-call ratios`,
        candidate: fmt.bytes(Math.round(median(calls.map((call) => call.result)))),
        baseline: fmt.bytes(Math.round(median(calls.map((call) => call.raw)))),
        ratio: fmt.ratio(medianRatio),
        goal: resultGoal.text,
        result: judge(resultGoal, { ratio: medianRatio }),
        iterations: `${calls.length} + ${calls.length}`,
      },
      infoRow(
        `typical results vs the raw REST JSON, total over the ${calls.length} calls`,
        fmt.bytes(totalResult),
        fmt.bytes(totalRaw),
        fmt.ratio(ratio(totalResult, totalRaw)),
        `${calls.length} + ${calls.length}`,
      ),
    ],
    notes: [
      ...notes,
      perCall,
      ...(extraRequests.length > 0
        ? [
            `Calls for which the server made more than the one request replayed (only the replayed one is in the baseline): ${extraRequests.map((call) => `\`${call.tool}\` ${call.upstream}`).join(', ')}.`,
          ]
        : []),
      'By its source, the reference server returns most answers whole, pretty-printed (`JSON.stringify(answer, null, 2)` as the text content): for `get_issue`, `list_issues`, `list_commits` and `search_issues` its results would be at least the raw column above; `get_file_contents` decodes the file and keeps the fields of its schema; it has no `get_commit`.',
    ],
  };
}
