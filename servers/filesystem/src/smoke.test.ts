import { CLIENT_KINDS } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { useFilesystem } from './filesystem-server.fixture.js';

const start = useFilesystem();

describe.each(CLIENT_KINDS)('allowed directories (%s)', (kind) => {
  it('lists the configured directory', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('list_allowed_directories');
    expect(result.isError).toBe(false);
    expect(result.structured).toEqual({ directories: [{ path: h.allowed, realPath: h.allowed }] });
  });

  it('lets a 2025-era client replace them with its roots', async () => {
    const h = await start(kind, { client: { roots: [] } });
    await h.client.setRoots([{ uri: `file://${h.outside}`, name: 'other' }]);
    const result = await h.client.callTool('list_allowed_directories');
    const expected = kind === 'v2-modern' ? h.allowed : h.outside;
    expect(result.structured).toEqual({ directories: [{ path: expected, realPath: expected }] });
  });
});
