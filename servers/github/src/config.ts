import { booleanString, type ConfigSpec, commaList, coreOptions } from '@mcpkit/core';
import { z } from 'zod';

/** The toolsets served when none are named, and for the official server's "default". */
export const DEFAULT_TOOLSETS = ['context', 'repos', 'issues', 'pull_requests', 'users'] as const;

/** The official GitHub MCP server's toolsets that this server does not serve. */
const OFFICIAL_ONLY_TOOLSETS = new Set([
  'discussions',
  'security_advisories',
  'projects',
  'stargazers',
  'experiments',
  'copilot',
  'copilot_spaces',
  'github_support_docs_search',
]);

/** Official toolset names whose tools live in one of this server's toolsets. */
const OFFICIAL_ALIASES: Record<string, string> = { labels: 'issues' };

/**
 * The GitHub server's own options, next to core's. The official server's names are
 * accepted too (GITHUB_PERSONAL_ACCESS_TOKEN, GITHUB_HOST/--gh-host, GITHUB_TOOLSETS,
 * GITHUB_READ_ONLY, GITHUB_LOCKDOWN_MODE), so an existing client config works unchanged.
 */
export const githubOptions = {
  // Core's own options, also under the official server's names.
  toolsets: {
    ...coreOptions.toolsets,
    // The official server's "default" and the names of its toolsets this server does not
    // serve yet are accepted (and left out), so its client configs start unchanged.
    schema: coreOptions.toolsets.schema.transform((names) =>
      names?.flatMap((name) =>
        name === 'default' ? [...DEFAULT_TOOLSETS] : OFFICIAL_ONLY_TOOLSETS.has(name) ? [] : [OFFICIAL_ALIASES[name] ?? name],
      ),
    ),
    env: ['GITHUB_TOOLSETS', 'MCP_TOOLSETS'],
  },
  tools: { ...coreOptions.tools, env: ['GITHUB_TOOLS', 'MCP_TOOLS'] },
  excludeTools: { ...coreOptions.excludeTools, env: ['GITHUB_EXCLUDE_TOOLS', 'MCP_EXCLUDE_TOOLS'] },
  readOnly: { ...coreOptions.readOnly, env: ['GITHUB_READ_ONLY', 'MCP_READ_ONLY'] },

  token: {
    schema: z.string().trim().min(1).optional(),
    // The official server's name first: CI and Codespaces set GITHUB_TOKEN to a narrow token of their own.
    env: ['GITHUB_PERSONAL_ACCESS_TOKEN', 'GITHUB_TOKEN'],
    description: 'A GitHub token (fine-grained or classic). Without one only public data can be read, at 60 requests an hour.',
  },
  tokenFile: {
    schema: z.string().trim().min(1).optional(),
    flag: 'token-file',
    env: 'GITHUB_TOKEN_FILE',
    description: 'A file holding the token (a mounted secret), read once at start; it wins over a token in the environment.',
  },
  apiUrl: {
    schema: z.url({ protocol: /^https?$/ }).optional(),
    flag: 'api-url',
    env: 'GITHUB_API_URL',
    description: 'REST API base: https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server.',
  },
  host: {
    schema: z.string().trim().min(1).optional(),
    flag: 'gh-host',
    env: 'GITHUB_HOST',
    description: 'GitHub Enterprise Server host name (or URL), as the official server takes it; the API is <host>/api/v3.',
  },
  repos: {
    schema: commaList.default([]),
    flag: 'repos',
    env: 'GITHUB_REPOS',
    description: 'Repositories every call is limited to, as owner/name or owner/* (comma-separated). Empty: any the token can reach.',
  },
  lockdown: {
    schema: booleanString.default(false),
    flag: 'lockdown',
    boolean: true,
    env: ['GITHUB_LOCKDOWN_MODE', 'GITHUB_LOCKDOWN'],
    description:
      'Withhold issue and pull request titles, bodies and comments written by people without push access to the repository (prompt injection through public repositories); fails closed when access cannot be checked.',
  },
  lockdownMode: {
    schema: booleanString.default(false),
    flag: 'lockdown-mode',
    boolean: true,
    description: "The official server's name for --lockdown.",
  },
  // What the official server's configs pass that has no meaning here: accepted, so they start
  // unchanged, and said at start (see create-server.ts).
  command: {
    schema: z
      .array(z.string())
      .optional()
      .refine((words) => words === undefined || (words.length === 1 && words[0] === 'stdio'), {
        message: 'the only command is "stdio", as the official server takes it (stdio is the default; --http serves over HTTP)',
      }),
    positional: true,
    description: 'The official server\'s "stdio" subcommand, accepted; stdio is the default.',
  },
  dynamicToolsets: {
    schema: booleanString.default(false),
    flag: 'dynamic-toolsets',
    boolean: true,
    env: 'GITHUB_DYNAMIC_TOOLSETS',
    description: "The official server's dynamic toolset discovery, accepted and not offered: the selected toolsets are listed at once.",
  },
  insiders: {
    schema: booleanString.default(false),
    flag: 'insiders',
    boolean: true,
    env: 'GITHUB_INSIDERS',
    description: "The official server's insiders mode, accepted and without effect here.",
  },
  maxWaitSeconds: {
    // Under core's 30 s tool time limit, so a wait that is refused can still say when to retry.
    schema: z.coerce.number().int().min(0).max(600).default(20),
    flag: 'max-rate-limit-wait',
    env: 'GITHUB_MAX_RATE_LIMIT_WAIT',
    description: 'Longest wait for a rate limit to reset before a call fails with a message that says when to retry.',
  },
  writeIntervalMs: {
    schema: z.coerce.number().int().min(0).max(10_000).default(1_000),
    flag: 'write-interval-ms',
    env: 'GITHUB_WRITE_INTERVAL_MS',
    description: 'Least time between two writes, as GitHub asks of integrations to avoid secondary rate limits.',
  },
  maxBodyChars: {
    schema: z.coerce.number().int().min(1_000).max(1_000_000).default(20_000),
    flag: 'max-body-chars',
    env: 'GITHUB_MAX_BODY_CHARS',
    description: 'Most characters of a file, diff, log or body one answer returns; longer ones are cut and say how to get the rest.',
  },
} satisfies ConfigSpec;
