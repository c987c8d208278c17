import { createLogger, type RunningServer, startServer } from '@mcpkit/core';
import {
  type ClientKind,
  type ClientOptions,
  captureLogger,
  closedAfterEach,
  connectClient,
  type FakeApi,
  type FakeApiOptions,
  type FakeNws,
  fakeWeatherArgs,
  httpTransport,
  linkedTransports,
  startFakeNws,
  startFakeOpenMeteo,
  type TestClient,
} from '@mcpkit/testing';
import type { WeatherApp } from './app.js';
import { weatherServer } from './create-server.js';

export interface WeatherHarness {
  client: TestClient;
  server: RunningServer<WeatherApp>;
  /** The fake Open-Meteo (forecast, archive and geocoding on one server). */
  openMeteo: FakeApi;
  nws: FakeNws;
  logs: ReturnType<typeof captureLogger>;
  /** Stops client, server and fakes; a second call waits for the first. */
  close(): Promise<void>;
}

export interface StartWeatherOptions {
  /** Extra command-line arguments (`--units imperial`, `--forecast-ttl 0`). */
  argv?: string[];
  env?: Record<string, string>;
  client?: ClientOptions;
  fakes?: FakeApiOptions;
  /** A linked in-memory pair (served as stdio is) or real Streamable HTTP on loopback. */
  via?: 'memory' | 'http';
}

/** The real weather server, in process, against fake Open-Meteo and NWS servers on loopback. */
export async function startWeather(kind: ClientKind, options: StartWeatherOptions = {}): Promise<WeatherHarness> {
  const [openMeteo, nws] = await Promise.all([startFakeOpenMeteo(options.fakes), startFakeNws(options.fakes)]);
  const logs = captureLogger();
  const logger = createLogger({ name: 'mcpkit-weather', level: 'debug', destination: logs.stream });
  const argv = [...fakeWeatherArgs(openMeteo, nws), ...(options.argv ?? [])];
  const env = options.env ?? {};
  let server: RunningServer<WeatherApp>;
  let client: TestClient;
  try {
    if (options.via === 'http') {
      server = await startServer(weatherServer, { argv: [...argv, '--http', '--port', '0'], env, logger });
      client = await connectClient(kind, httpTransport(kind, server.url as string, server.generatedKey), options.client);
    } else {
      const { client: clientSide, server: serverSide } = linkedTransports();
      server = await startServer(weatherServer, { argv, env, logger, transport: serverSide });
      client = await connectClient(kind, clientSide, options.client);
    }
  } catch (error) {
    await Promise.all([openMeteo.close(), nws.close()]);
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    client,
    server,
    openMeteo,
    nws,
    logs,
    close: () => {
      closed ??= (async () => {
        await client.close().catch(() => {});
        await server.close();
        await Promise.all([openMeteo.close(), nws.close()]);
      })();
      return closed;
    },
  };
}

/** `startWeather` for a file or a `describe`: every harness made is closed after its test. */
export function useWeather(): (kind: ClientKind, options?: StartWeatherOptions) => Promise<WeatherHarness> {
  return closedAfterEach(startWeather);
}
