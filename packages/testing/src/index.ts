export { type CapturedLog, captureLogger } from './capture-logger.js';
export { closedAfterEach } from './closed-after-each.js';
export type { FakeResponse, FakeRoute, FakeUpstream, RecordedRequest, RouteHandler } from './fake-upstream.js';
export { startFakeUpstream } from './fake-upstream.js';
export { defaultGitHubSeed, SEED_REPOS, SEED_TOKENS } from './github/default-seed.js';
export { type FakeGitHub, type FakeGitHubOptions, type GitHubSeed, startFakeGitHub } from './github/fake-github.js';
export type { EntryChange, GitCommit, GitSignature } from './github/git-store.js';
export { githubError, githubErrors, type PrimaryRateLimitOptions } from './github/github-errors.js';
export { DEFAULT_CLASSIC_SCOPES, GitHubTokens, type TokenArea, type TokenGrant } from './github/github-tokens.js';
export type {
  GitHubAccount,
  GitHubIssue,
  GitHubLabel,
  GitHubRelease,
  GitHubRepo,
  IssueComment,
  NewPullRequestState,
  PullRequestState,
  RepoAccess,
  RepoRole,
} from './github/github-world.js';
export { GitHubWorld, pullState } from './github/github-world.js';
export type { RateLimitPolicy, RateResource, RateWindow } from './github/rate-limits.js';
export { HIDDEN_INSTRUCTION, tagCharacters } from './github/seed-issues.js';
export type { CallToolOptions, ClientKind, ClientOptions, SpawnedServer, TestClient, ToolCallOutcome } from './mcp-clients.js';
export {
  CLIENT_KINDS,
  connectClient,
  httpTransport,
  linkedTransports,
  MODERN_REVISION,
  stdioTransport,
} from './mcp-clients.js';
export { type ReadmeToolRow, readmeToolProblems, readmeToolRows } from './readme-tools.js';
export { databaseUrl, probeRedis, probeTcp, redisUrl, type ServiceProbe } from './services.js';
export { useSpawnSandbox } from './spawn-sandbox.js';
export {
  assertBuilt,
  binCommand,
  childOf,
  cleanEnv,
  drainStderr,
  type ExitStatus,
  exitOf,
  type HttpProcess,
  isAlive,
  killIfAlive,
  PROCESS_TIMEOUT_MS,
  poll,
  SPAWN_TEST_TIMEOUT_MS,
  type SpawnedProcess,
  spawnBin,
  startHttpBin,
  withTimeout,
} from './spawned-process.js';
export { makeTempDir, type TempDir } from './temp-dir.js';
export { expectToolError, TOOL_ERROR_META_KEY, toolErrorCode } from './tool-errors.js';
export type { FakeApi, FakeApiOptions } from './weather/fake-api.js';
export { type FakeNws, nwsErrors, startFakeNws } from './weather/fake-nws.js';
export { openMeteoErrors, startFakeOpenMeteo } from './weather/fake-open-meteo.js';
export { fakeWeatherArgs } from './weather/fake-weather-args.js';
export { GAZETTEER, type GazetteerPlace } from './weather/gazetteer.js';
export { DEFAULT_ALERTS, type FakeAlert } from './weather/nws-alerts.js';
