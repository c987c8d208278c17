import { Writable } from 'node:stream';

export interface CapturedLog {
  /** A pino destination that keeps every line. */
  stream: Writable;
  /** Every line written so far, parsed. */
  lines(): Array<Record<string, unknown>>;
  /** Every line written so far, raw. */
  text(): string;
}

/** A log destination for tests: pass `stream` to `createLogger({ destination })`. */
export function captureLogger(): CapturedLog {
  let buffer = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      buffer += chunk.toString();
      callback();
    },
  });
  return {
    stream,
    text: () => buffer,
    lines: () =>
      buffer
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
