import type { FakeApi } from './fake-api.js';

/** The mcpkit-weather arguments that point every upstream it calls at the fake Open-Meteo and NWS servers. */
export function fakeWeatherArgs(openMeteo: FakeApi, nws: FakeApi): string[] {
  return [
    '--open-meteo-url',
    `${openMeteo.url}/v1`,
    '--archive-url',
    `${openMeteo.url}/v1`,
    '--geocoding-url',
    `${openMeteo.url}/v1`,
    '--nws-url',
    nws.url,
  ];
}
