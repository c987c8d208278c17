export { startFakeUpstream } from './fake-upstream.js';
export type { FakeResponse, FakeRoute, FakeUpstream, RecordedRequest, RouteHandler } from './fake-upstream.js';
export {
  CLIENT_KINDS,
  connectClient,
  httpTransport,
  linkedTransports,
  MODERN_REVISION,
  stdioTransport,
} from './mcp-clients.js';
export type { ClientKind, ClientOptions, SpawnedServer, TestClient, ToolCallOutcome } from './mcp-clients.js';
export { makeTempDir, type TempDir } from './temp-dir.js';
export { databaseUrl, probeRedis, probeTcp, redisUrl, type ServiceProbe } from './services.js';
export { captureLogger, type CapturedLog } from './capture-logger.js';
