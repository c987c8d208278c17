import * as fmt from './format.mjs';
import { atMost, info, judge, ratioAtMost, savedAtLeast } from './goals.mjs';
import { createPicker, createRandom } from './seed.mjs';
import { connectClient, importTesting, weatherServer } from './servers.mjs';
import { median, percentile, ratio, sum } from './stats.mjs';
import { msSince, now } from './timing.mjs';

/** Added by the fakes to every answer: an internet round trip to Open-Meteo or the NWS. */
const UPSTREAM_LATENCY_MS = 40;
/** The baseline: every cache lifetime 0, so every call goes upstream (and identical calls in flight are not shared either). */
const CACHES_OFF = ['--forecast-ttl', '0', '--alerts-ttl', '0', '--geocoding-ttl', '0', '--history-ttl', '0'];
const SEED = 11;
const BURST_SIZE = 16;
/** Used by no call of the mix, so the burst finds both caches cold. */
const BURST_PLACE = 'Cape Town';

/** What people ask about, most asked first; calls draw them Zipf-like (weight 1/rank). */
const PLACES = [
  'New York',
  'London',
  'Tokyo',
  'Paris',
  'Berlin',
  'Chicago',
  'Sydney',
  'Seattle',
  'Miami',
  'Denver',
  'Mumbai',
  'São Paulo',
  'Phoenix',
  'Topeka',
  'Paris, Texas',
  'Springfield, Illinois',
  'Anchorage',
  'Honolulu',
  'Zürich',
  'Reykjavík',
];
const ALERT_STATES = ['KS', 'FL', 'TX', 'CA', 'AK', 'OK', 'NY', 'WA'];
/** Settled history (over a week old), so the server keeps it for its full history lifetime. */
const HISTORY_RANGES = [
  ['2024-01-01', '2024-01-07'],
  ['2023-07-01', '2023-07-31'],
  ['2020-12-20', '2020-12-31'],
];
/** Share of the calls per tool. */
const TOOL_MIX = [
  ['get_current_conditions', 35],
  ['get_forecast', 30],
  ['get_alerts', 10],
  ['get_forecast_nws', 5],
  ['get_historical_weather', 10],
  ['geocode', 10],
];

/**
 * The gazetteer place a name like "Paris, Texas" resolves to (the most populous match, as the
 * server picks), so a change to the fakes' gazetteer fails here, by name, not mid-run.
 */
function gazetteerPlace(gazetteer, label) {
  const [name, qualifier] = label.split(', ');
  const fields = (place) => [place.admin1, place.usState, place.country, place.country_code];
  const matches = gazetteer
    .filter((place) => place.name === name && (qualifier === undefined || fields(place).includes(qualifier)))
    .sort((a, b) => (b.population ?? 0) - (a.population ?? 0));
  if (matches.length === 0) throw new Error(`"${label}" is not in the fakes' gazetteer: update PLACES in bench/lib/weather-cache.mjs`);
  return matches[0];
}

/** `count` tool calls, the same every run: `{ tool, args }` each. */
function buildMix(count, gazetteer) {
  const random = createRandom(SEED);
  const { pick, weighted } = createPicker(random);
  const zipf = (list) => weighted(list.map((item, rank) => [item, 1 / (rank + 1)]));
  // The NWS forecasts the US and its territories only; a place's rank among them keeps its order of popularity.
  const usPlaces = PLACES.filter((label) => gazetteerPlace(gazetteer, label).usState !== undefined);
  const argsFor = {
    get_current_conditions: () => ({ place: zipf(PLACES) }),
    get_forecast: () => ({ place: zipf(PLACES), days: random() < 0.5 ? 3 : 7, ...(random() < 0.25 && { hours: 24 }) }),
    get_alerts: () => ({ state: zipf(ALERT_STATES) }),
    get_forecast_nws: () => ({ place: zipf(usPlaces) }),
    get_historical_weather: () => {
      const [startDate, endDate] = pick(HISTORY_RANGES);
      return { place: zipf(PLACES), startDate, endDate };
    },
    geocode: () => ({ name: zipf(PLACES) }),
  };
  return Array.from({ length: count }, () => {
    const tool = weighted(TOOL_MIX);
    return { tool, args: argsFor[tool]() };
  });
}

/** A fake Open-Meteo and a fake NWS for one server alone, so its upstream requests can be counted; closed by the tracker. */
async function startFakes(testing, tracker) {
  const openMeteo = await testing.startFakeOpenMeteo({ latencyMs: UPSTREAM_LATENCY_MS });
  tracker.onCleanup(() => openMeteo.close());
  const nws = await testing.startFakeNws({ latencyMs: UPSTREAM_LATENCY_MS });
  tracker.onCleanup(() => nws.close());
  return { openMeteo, nws, hits: () => openMeteo.hits() + nws.hits() };
}

/** One server and its fakes, connected through the SDK client and past its tools/list (which the client's output validation needs). */
async function startSubject(testing, tracker, name, options) {
  const fakes = await startFakes(testing, tracker);
  const server = await connectClient(weatherServer(fakes, { name, options }), tracker);
  await server.client.listTools();
  return { server, fakes };
}

/** One call, checked (a tool error throws): its time and the upstream requests it made. */
async function timedCall({ server, fakes }, { tool, args }) {
  const hitsBefore = fakes.hits();
  const started = now();
  await server.call(tool, args);
  return { ms: msSince(started), upstream: fakes.hits() - hitsBefore };
}

/** `BURST_SIZE` identical calls at once on a place no call asked for before. */
async function burst({ server, fakes }) {
  const hitsBefore = fakes.hits();
  const started = now();
  await Promise.all(Array.from({ length: BURST_SIZE }, () => server.call('get_current_conditions', { place: BURST_PLACE })));
  return { ms: msSince(started), upstream: fakes.hits() - hitsBefore };
}

/**
 * mcpkit-weather with its default caches against the same server with every cache off, both
 * on their own fake upstreams that answer after an internet-like delay: per-call latency and
 * upstream requests over a seeded, realistic mix of calls, and a burst of identical calls.
 */
export async function runWeatherCache({ tracker, quick }) {
  const count = quick ? 100 : 400;
  const testing = await importTesting();
  for (const label of [...PLACES, BURST_PLACE]) gazetteerPlace(testing.GAZETTEER, label);
  const mix = buildMix(count, testing.GAZETTEER);

  const cached = await startSubject(testing, tracker, 'mcpkit-weather-cached', []);
  const uncached = await startSubject(testing, tracker, 'mcpkit-weather-uncached', CACHES_OFF);

  // Call i on both servers before call i + 1, who goes first alternating, so the machine's
  // drift lands on both alike; each call waits for the previous answer.
  const results = { cached: [], uncached: [] };
  for (const [i, call] of mix.entries()) {
    const order = i % 2 === 0 ? ['cached', 'uncached'] : ['uncached', 'cached'];
    for (const name of order) results[name].push(await timedCall(name === 'cached' ? cached : uncached, call));
  }
  const bursts = { cached: await burst(cached), uncached: await burst(uncached) };

  const times = (name, tool) => results[name].filter((_, i) => tool === undefined || mix[i].tool === tool).map((r) => r.ms);
  const upstream = (name, tool) => sum(results[name].filter((_, i) => tool === undefined || mix[i].tool === tool).map((r) => r.upstream));
  const latencyCell = (values) => `${fmt.ms(median(values))} (p95 ${fmt.ms(percentile(values, 0.95))})`;

  const latencyGoal = ratioAtMost(0.25, 'proposed');
  const latencyRatio = ratio(median(times('cached')), median(times('uncached')));
  const savedGoal = savedAtLeast(70, 'proposed');
  const upstreamRatio = ratio(upstream('cached'), upstream('uncached'));
  const burstGoal = atMost(2, 'requests', 'proposed');
  const iterations = `${fmt.int(count)} + ${fmt.int(count)}`;

  const perTool = [
    '| Tool | Calls | Cached median (p95) | Uncached median (p95) | Ratio | Upstream requests, cached | Upstream requests, uncached |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...TOOL_MIX.map(([tool]) => {
      const n = times('cached', tool).length;
      if (n === 0) return `| \`${tool}\` | 0 | — | — | — | — | — |`;
      const r = ratio(median(times('cached', tool)), median(times('uncached', tool)));
      return `| \`${tool}\` | ${n} | ${latencyCell(times('cached', tool))} | ${latencyCell(times('uncached', tool))} | ${fmt.ratio(r)} | ${upstream('cached', tool)} | ${upstream('uncached', tool)} |`;
    }),
  ].join('\n');
  const byHost = (subject) => `Open-Meteo ${subject.fakes.openMeteo.hits()}, NWS ${subject.fakes.nws.hits()}`;

  return {
    title: '11. Weather: cached vs uncached under a realistic mix',
    candidateLabel: 'default caches',
    baselineLabel: 'every cache off',
    how: `Two mcpkit-weather processes over stdio, each driven by one SDK v2 client and each on its own fake Open-Meteo and fake NWS (\`startFakeOpenMeteo\` and \`startFakeNws\` of the test harness, on loopback), so upstream requests are counted per server. **Every upstream answer is delayed by ${UPSTREAM_LATENCY_MS} ms** to stand for an internet round trip; the fakes answer from a built-in gazetteer with synthetic weather. The candidate runs with the default cache lifetimes (forecasts 10 min, alerts 2 min, geocoding and NWS grid points 7 days, settled history 1 day); the baseline with \`${CACHES_OFF.join(' ')}\`. Both have the rate limits raised, as every bench server. The mix: ${fmt.int(count)} calls from a seeded PRNG (seed ${SEED}), the same for both — tools in shares ${TOOL_MIX.map(([tool, share]) => `\`${tool}\` ${share}%`).join(', ')}; places drawn Zipf-like (weight 1/rank) from ${PLACES.length} names (${PLACES.slice(0, 4).join(', ')}, … ${PLACES.at(-1)}; US ones for \`get_forecast_nws\`), forecasts of 3 or 7 days (a quarter with 24 hours), alerts for ${ALERT_STATES.length} states, history over ${HISTORY_RANGES.length} fixed past ranges. Call i runs on both servers before call i + 1 (who goes first alternating), each call waiting for its answer, and every answer is checked not to be a tool error. Both caches start empty, so the mix includes warming them, and the share of requests saved grows with the mix's length (a \`--quick\` run's 100 calls save markedly less). Each sample is one \`client.callTool\` round trip; upstream requests are what the fakes received (every request of a server's two fakes, for the mix and the burst separately). Then the burst: ${BURST_SIZE} identical \`get_current_conditions\` for ${BURST_PLACE} (in no call of the mix) sent at once to each server in turn.`,
    rows: [
      {
        measure: 'per-call latency, the mix',
        candidate: latencyCell(times('cached')),
        baseline: latencyCell(times('uncached')),
        ratio: fmt.ratio(latencyRatio),
        goal: latencyGoal.text,
        result: judge(latencyGoal, { ratio: latencyRatio }),
        iterations,
      },
      {
        measure: 'upstream requests, the mix',
        candidate: `${fmt.int(upstream('cached'))} requests`,
        baseline: `${fmt.int(upstream('uncached'))} requests`,
        ratio: fmt.ratio(upstreamRatio),
        goal: savedGoal.text,
        result: judge(savedGoal, { ratio: upstreamRatio }),
        iterations,
      },
      {
        measure: `upstream requests, ${BURST_SIZE} identical calls at once on a cold cache`,
        candidate: `${bursts.cached.upstream} requests`,
        baseline: `${bursts.uncached.upstream} requests`,
        ratio: fmt.ratio(ratio(bursts.cached.upstream, bursts.uncached.upstream)),
        goal: burstGoal.text,
        result: judge(burstGoal, { candidate: bursts.cached.upstream }),
        iterations: `${BURST_SIZE} + ${BURST_SIZE}`,
      },
      {
        measure: `burst of ${BURST_SIZE}: time until the last answer`,
        candidate: fmt.ms(bursts.cached.ms, 1),
        baseline: fmt.ms(bursts.uncached.ms, 1),
        ratio: fmt.ratio(ratio(bursts.cached.ms, bursts.uncached.ms)),
        goal: info.text,
        result: judge(info, {}),
        iterations: '1 + 1',
      },
    ],
    notes: [
      `Upstream requests saved on the mix: ${(100 * (1 - upstreamRatio)).toFixed(1)}%. Per tool:`,
      perTool,
      `Requests per fake over the whole run (mix and burst): cached ${byHost(cached)}; uncached ${byHost(uncached)}.`,
    ],
  };
}
