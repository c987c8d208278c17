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
