/** Number formatting shared by the report and the stdout summary. */

const group = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const int = (n) => group.format(n);

export function ms(value, digits = 2) {
  return `${value.toFixed(digits)} ms`;
}

export function us(valueMs) {
  return `${group.format(valueMs * 1000)} µs`;
}

export function mb(kb) {
  return `${(kb / 1024).toFixed(1)} MB`;
}

export function ratio(value) {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a';
}

/** A duration: milliseconds below a second, seconds above (walks and searches take seconds). */
export function elapsed(valueMs) {
  if (valueMs >= 1000) return `${(valueMs / 1000).toFixed(2)} s`;
  return valueMs >= 10 ? `${valueMs.toFixed(0)} ms` : `${valueMs.toFixed(2)} ms`;
}

export function bytes(n) {
  return `${group.format(n)} B`;
}

/** Binary sizes, for data sizes and memory growth. */
export function mib(n) {
  return `${(n / 2 ** 20).toFixed(n >= 2 ** 30 || n < 10 * 2 ** 20 ? 1 : 0)} MiB`;
}

export function mibPerSecond(n, valueMs) {
  return `${group.format(n / 2 ** 20 / (valueMs / 1000))} MiB/s`;
}
