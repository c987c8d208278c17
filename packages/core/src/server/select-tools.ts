import { ConfigError } from '../config/load-config.js';

export interface ToolSelection {
  /** Toolset names the user asked for; `all` for every one; undefined for the defaults. */
  toolsets?: readonly string[];
  /** Single tools enabled on top of the toolsets, by name. */
  tools?: readonly string[];
  /** Tools left out whatever else enables them, by name. */
  exclude?: readonly string[];
  readOnly: boolean;
}

/**
 * Picks the tools a server exposes from `--toolsets`, `--tools` (single tools on top),
 * `--exclude-tools` and `--read-only`, the last two winning over the others. Unknown toolset or
 * tool names are a configuration error (a typo must not silently disable, or keep, what was
 * meant: an excluded tool misspelled would stay callable).
 */
export function selectTools<T extends { name: string; toolset: string; annotations: { readOnlyHint: boolean } }>(
  tools: readonly T[],
  known: Record<string, string>,
  defaults: readonly string[] | undefined,
  { toolsets, tools: extra = [], exclude = [], readOnly }: ToolSelection,
): T[] {
  const unknownTools = [...extra, ...exclude].filter((name) => !tools.some((tool) => tool.name === name));
  if (unknownTools.length > 0) {
    throw new ConfigError([
      `unknown tool${unknownTools.length > 1 ? 's' : ''} ${unknownTools.map((n) => `"${n}"`).join(', ')}: see --help for the tools of each toolset`,
    ]);
  }
  const names = new Set(Object.keys(known));
  let enabled: Set<string>;
  if (toolsets === undefined || toolsets.length === 0) {
    enabled = new Set(defaults ?? names);
  } else if (toolsets.includes('all')) {
    enabled = names;
  } else {
    const unknown = toolsets.filter((name) => !names.has(name));
    if (unknown.length > 0) {
      throw new ConfigError([
        `unknown toolset${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}: choose from ${[...names].join(', ')}, or all`,
      ]);
    }
    enabled = new Set(toolsets);
  }
  const named = new Set(extra);
  const excluded = new Set(exclude);
  return tools.filter(
    (tool) =>
      (enabled.has(tool.toolset) || named.has(tool.name)) && !excluded.has(tool.name) && (!readOnly || tool.annotations.readOnlyHint),
  );
}
