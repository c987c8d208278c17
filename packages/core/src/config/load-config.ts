import { z } from 'zod';
import { formatZodIssues } from '../errors/format-zod-error.js';

/** One configuration value: its schema, and where a user may set it. */
export interface ConfigOption<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** Command-line flag without dashes (`port` for `--port`). Booleans also take `--no-<flag>`. */
  flag?: string;
  /** Environment variables, first match wins (several names for drop-in compatibility). */
  env?: string | readonly string[];
  /** One line for `--help` and the configuration reference. */
  description: string;
  /** A flag that needs no value (`--read-only`): present means "true". */
  boolean?: boolean;
  /**
   * Takes the bare command-line arguments (`mcpkit-filesystem ~/src ~/notes`), as an array
   * of strings. At most one option of a spec may say so.
   */
  positional?: boolean;
}

export type ConfigSpec = Record<string, ConfigOption>;
export type ConfigOf<Spec extends ConfigSpec> = { [K in keyof Spec]: z.output<Spec[K]['schema']> };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export interface LoadConfigInput {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads a config from CLI flags (which win) and environment variables, validates every
 * value, and reports every problem at once: unknown flags, missing values and bad values
 * are collected into one `ConfigError` so a user fixes their config in one pass.
 */
export function loadConfig<Spec extends ConfigSpec>(spec: Spec, { argv, env }: LoadConfigInput): ConfigOf<Spec> {
  const problems: string[] = [];
  const byFlag = new Map<string, [string, ConfigOption]>();
  for (const [key, option] of Object.entries(spec)) if (option.flag) byFlag.set(option.flag, [key, option]);
  const positionalKey = Object.entries(spec).find(([, option]) => option.positional)?.[0];

  const fromFlags = new Map<string, unknown>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      if (positionalKey !== undefined) positionals.push(arg);
      else problems.push(`unexpected argument "${arg}": options are given as --name value or --name=value`);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = arg.slice(2, eq === -1 ? undefined : eq);
    let value: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    let negated = false;
    if (!byFlag.has(name) && name.startsWith('no-') && byFlag.get(name.slice(3))?.[1].boolean) {
      name = name.slice(3);
      negated = true;
    }
    const entry = byFlag.get(name);
    if (!entry) {
      problems.push(`unknown option --${name}${suggest(name, [...byFlag.keys()])}`);
      continue;
    }
    const [key, option] = entry;
    if (option.boolean) {
      value = negated ? 'false' : (value ?? 'true');
    } else if (value === undefined) {
      const following = argv[i + 1];
      if (following === undefined || following.startsWith('--')) {
        problems.push(`--${name} needs a value (${option.description})`);
        continue;
      }
      value = following;
      i++;
    }
    fromFlags.set(key, value);
  }
  if (positionalKey !== undefined && positionals.length > 0) fromFlags.set(positionalKey, positionals);

  const raw: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  for (const [key, option] of Object.entries(spec)) {
    if (fromFlags.has(key)) {
      raw[key] = fromFlags.get(key);
      sources[key] = option.positional ? 'arguments' : `--${option.flag}`;
      continue;
    }
    for (const name of toArray(option.env)) {
      const value = env[name];
      if (value !== undefined && value !== '') {
        raw[key] = value;
        sources[key] = name;
        break;
      }
    }
    sources[key] ??= describeSources(option);
  }

  const result: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(spec)) {
    const parsed = option.schema.safeParse(raw[key]);
    if (parsed.success) {
      result[key] = parsed.data;
    } else {
      for (const message of formatZodIssues(parsed.error.issues, sources[key])) problems.push(message);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return result as ConfigOf<Spec>;
}

/** `--help` text generated from the spec, so it cannot drift from what is parsed. */
export function configHelp(spec: ConfigSpec): string {
  const lines: string[] = [];
  for (const option of Object.values(spec)) {
    const flag = option.positional ? '<arguments>' : option.flag ? `--${option.flag}${option.boolean ? '' : ' <value>'}` : '';
    const envs = toArray(option.env).join(', ');
    lines.push(`  ${[flag, envs].filter(Boolean).join('  |  ')}\n      ${option.description}`);
  }
  return lines.join('\n');
}

/** Coerces "true"/"false"/"1"/"0"/"yes"/"no" the way users type them in env files. */
export const booleanString = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
}, z.boolean());

/** A comma-separated list, trimmed, empties dropped. */
export const commaList = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : value,
  z.array(z.string()),
);

function toArray(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

function describeSources(option: ConfigOption): string {
  return (
    [option.positional && 'arguments', option.flag && `--${option.flag}`, ...toArray(option.env)].filter(Boolean).join(' / ') || 'value'
  );
}

function suggest(name: string, known: string[]): string {
  let best: string | undefined;
  let bestDistance = 3; // Only typos: at most two edits away.
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ? ` (did you mean --${best}?)` : '';
}

/** Levenshtein distance, for typo suggestions on short flag names. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
