import { createLogger, type RunningServer, startServer } from '@mcpkit/core';
import {
  type ClientKind,
  type ClientOptions,
  captureLogger,
  closedAfterEach,
  connectClient,
  type FakeGitHub,
  type FakeGitHubOptions,
  linkedTransports,
  SEED_TOKENS,
  startFakeGitHub,
  type TestClient,
} from '@mcpkit/testing';
import type { GitHubApp } from './app.js';
import { githubServer } from './create-server.js';

export interface GitHubHarness {
  client: TestClient;
  server: RunningServer<GitHubApp>;
  github: FakeGitHub;
  logs: ReturnType<typeof captureLogger>;
  close(): Promise<void>;
}

export interface StartGitHubOptions {
  /** Extra command-line arguments (`--read-only`, `--repos octo-org/*`, `--lockdown`). */
  argv?: string[];
  /** A seed token by name; `null` for none (anonymous). @default 'octocat' */
  token?: keyof typeof SEED_TOKENS | null;
  env?: Record<string, string>;
  client?: ClientOptions;
  fake?: FakeGitHubOptions;
  /** Start with every toolset (as most tests want) or, when false, as the server starts by default. @default true */
  allToolsets?: boolean;
}

/** The real GitHub server, in process, against a fake GitHub on loopback, acting as a seed user. */
export async function startGitHub(kind: ClientKind, options: StartGitHubOptions = {}): Promise<GitHubHarness> {
  const github = await startFakeGitHub(options.fake);
  const logs = captureLogger();
  const logger = createLogger({ name: 'mcpkit-github', level: 'debug', destination: logs.stream });
  const token = options.token === null ? undefined : SEED_TOKENS[options.token ?? 'octocat'];
  const env = { ...(token !== undefined && { GITHUB_TOKEN: token }), ...options.env };
  // Writes are not spaced out in tests; the spacing itself is Octokit's, tested there.
  const toolsets = options.allToolsets === false ? [] : ['--toolsets', 'all'];
  const argv = ['--api-url', github.url, '--write-interval-ms', '0', ...toolsets, ...(options.argv ?? [])];
  let server: RunningServer<GitHubApp>;
  let client: TestClient;
  try {
    const { client: clientSide, server: serverSide } = linkedTransports();
    server = await startServer(githubServer, { argv, env, logger, transport: serverSide });
    client = await connectClient(kind, clientSide, options.client);
  } catch (error) {
    await github.close();
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    client,
    server,
    github,
    logs,
    close: () => {
      closed ??= (async () => {
        await client.close().catch(() => {});
        await server.close();
        await github.close();
      })();
      return closed;
    },
  };
}

/** `startGitHub` for a file or a `describe`: every harness made is closed after its test. */
export function useGitHub(): (kind: ClientKind, options?: StartGitHubOptions) => Promise<GitHubHarness> {
  return closedAfterEach(startGitHub);
}
