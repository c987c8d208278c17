import { ConfigError } from '../config/load-config.js';

export interface ToolSelection {
  /** Toolset names the user asked for; `all` for every one; undefined for the defaults. */
  toolsets?: readonly string[];
  /** Single tools enabled on top of the toolsets, by name. */
  tools?: readonly string[];
  readOnly: boolean;
}

/**
 * Picks the tools a server exposes from `--toolsets`, `--tools` (single tools on top) and
 * `--read-only`, which wins over both. Unknown toolset or tool names are a configuration
 * error (a typo must not silently disable what was meant).
 */
export function selectTools<T extends { name: string; toolset: string; annotations: { readOnlyHint: boolean } }>(
  tools: readonly T[],
  known: Record<string, string>,
  defaults: readonly string[] | undefined,
  { toolsets, tools: extra = [], readOnly }: ToolSelection,
): T[] {
  const unknownTools = extra.filter((name) => !tools.some((tool) => tool.name === name));
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
  return tools.filter((tool) => (enabled.has(tool.toolset) || named.has(tool.name)) && (!readOnly || tool.annotations.readOnlyHint));
}
