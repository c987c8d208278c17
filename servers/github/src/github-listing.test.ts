import { CLIENT_KINDS } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { useGitHub } from './github-server.fixture.js';

// The listing as every client sees it: each tool carries a title, an output schema and honest
// annotations, and stays small (every byte is context a model pays for on every turn).

/** Writes where something is lost or replaced: the only tools that may say destructiveHint: true. */
const DESTRUCTIVE = [
  'create_or_update_file',
  'delete_file',
  'push_files',
  'update_issue',
  'update_pull_request',
  'merge_pull_request',
  'cancel_workflow_run',
  'update_gist',
];
/** One tool's JSON in tools/list, at most (the reference server's largest is 1,634 B). */
const MAX_TOOL_BYTES = 1_200;

describe.each(CLIENT_KINDS)('the GitHub tool listing (%s)', (kind) => {
  const start = useGitHub();

  it('gives every tool a title, an output schema and explicit hints, destructive only where something is lost', async () => {
    const h = await start(kind, { argv: ['--toolsets', 'all'] });
    const tools = await h.client.listTools();
    expect(tools).toHaveLength(62);
    const destructive: string[] = [];
    for (const tool of tools) {
      const listed = tool as typeof tool & { title?: string; outputSchema?: { type?: string } };
      expect(listed.title, tool.name).toMatch(/^[A-Z]/);
      expect(listed.outputSchema?.type, tool.name).toBe('object');
      expect(typeof tool.annotations?.readOnlyHint, tool.name).toBe('boolean');
      if (tool.annotations?.readOnlyHint === false) {
        expect(typeof tool.annotations.destructiveHint, tool.name).toBe('boolean');
        if (tool.annotations.destructiveHint) destructive.push(tool.name);
      } else {
        expect(tool.annotations?.destructiveHint, tool.name).toBeUndefined();
      }
      expect(Buffer.byteLength(JSON.stringify(tool)), tool.name).toBeLessThanOrEqual(MAX_TOOL_BYTES);
    }
    expect(destructive.sort()).toEqual([...DESTRUCTIVE].sort());
  });

  it('lists only reads under --read-only, and the default toolsets when none are named', async () => {
    const readOnly = await start(kind, { argv: ['--toolsets', 'all', '--read-only'] });
    const reads = await readOnly.client.listTools();
    expect(reads.length).toBeGreaterThan(30);
    expect(reads.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
    const defaults = await start(kind, { allToolsets: false });
    const names = (await defaults.client.listTools()).map((tool) => tool.name);
    expect(names).toHaveLength(38);
    expect(names).toEqual(expect.arrayContaining(['get_me', 'get_file_contents', 'list_issues', 'merge_pull_request', 'search_users']));
    for (const elsewhere of ['list_workflows', 'list_code_scanning_alerts', 'list_notifications', 'get_teams', 'list_gists']) {
      expect(names).not.toContain(elsewhere);
    }
    // The official server's "default" names the same set.
    const named = await start(kind, { allToolsets: false, argv: ['--toolsets', 'default'] });
    expect((await named.client.listTools()).map((tool) => tool.name).sort()).toEqual([...names].sort());
  });
});
