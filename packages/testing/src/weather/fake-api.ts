import type { FakeResponse, RecordedRequest } from '../fake-upstream.js';
import { startFakeUpstream } from '../fake-upstream.js';

/**
 * The control surface the weather fakes share: a realistic API answers by default, and a test
 * can queue one-shot misbehaviour (inject), switch a whole path off (outage) or add network
 * latency, without knowing how either API is implemented.
 */

export interface FakeApiOptions {
  /** Added to every answer, injected ones included; simulates internet round trips. @default 0 */
  latencyMs?: number;
  /** The clock the fake reads "now" and "today" from. @default real time */
  now?: () => Date;
}

export interface FakeApi {
  /** Base URL without a trailing slash (`http://127.0.0.1:40123`). */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** How many requests arrived, or how many whose path starts with `pathPrefix`. */
  hits(pathPrefix?: string): number;
  /**
   * Queues one-shot answers for requests whose path starts with `pathPrefix`; they are used in
   * order, before any outage and before the normal behaviour.
   */
  inject(pathPrefix: string, ...answers: FakeResponse[]): void;
  /** Every request whose path starts with `pathPrefix` gets `answer` until cleared with `undefined`. */
  outage(pathPrefix: string, answer: FakeResponse | undefined): void;
  /** Stops the server and drops every open connection. */
  close(): Promise<void>;
}

/** Answers a request the way the real API would. */
export type ApiBehaviour = (request: RecordedRequest, now: Date) => FakeResponse | Promise<FakeResponse>;

export async function startFakeApi(behaviour: ApiBehaviour, options: FakeApiOptions = {}): Promise<FakeApi> {
  const { latencyMs = 0, now = () => new Date() } = options;
  // Insertion order decides which queue serves a request that several prefixes match.
  const injected = new Map<string, FakeResponse[]>();
  const outages = new Map<string, FakeResponse>();

  const answer = async (request: RecordedRequest): Promise<FakeResponse> => {
    for (const [prefix, queue] of injected) {
      if (!request.path.startsWith(prefix)) continue;
      const next = queue.shift();
      if (queue.length === 0) injected.delete(prefix);
      if (next) return next;
    }
    for (const [prefix, outageAnswer] of outages) {
      if (request.path.startsWith(prefix)) return outageAnswer;
    }
    return behaviour(request, now());
  };

  const upstream = await startFakeUpstream(async (request) => {
    const chosen = await answer(request);
    if (latencyMs <= 0) return chosen;
    return { ...chosen, delayMs: (chosen.delayMs ?? 0) + latencyMs };
  });

  return {
    url: upstream.url,
    requests: upstream.requests,
    hits: upstream.hits,
    inject: (pathPrefix, ...answers) => {
      if (answers.length === 0) return;
      injected.set(pathPrefix, [...(injected.get(pathPrefix) ?? []), ...answers]);
    },
    outage: (pathPrefix, outageAnswer) => {
      if (outageAnswer === undefined) outages.delete(pathPrefix);
      else outages.set(pathPrefix, outageAnswer);
    },
    close: upstream.close,
  };
}
