import { ConfigError } from '../config/load-config.js';

export interface ToolSelection {
  /** Toolset names the user asked for; `all` for every one; undefined for the defaults. */
  toolsets?: readonly string[];
  readOnly: boolean;
}

/**
 * Picks the tools a server exposes from `--toolsets` and `--read-only`. Unknown toolset
 * names are a configuration error (a typo must not silently disable a toolset).
 */
export function selectTools<T extends { toolset: string; annotations: { readOnlyHint: boolean } }>(
  tools: readonly T[],
  known: Record<string, string>,
  defaults: readonly string[] | undefined,
  { toolsets, readOnly }: ToolSelection,
): T[] {
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
  return tools.filter((tool) => enabled.has(tool.toolset) && (!readOnly || tool.annotations.readOnlyHint));
}
