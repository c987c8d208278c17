import { describe, expect, it } from 'vitest';
import { localPrincipal } from '../auth/principal.js';
import { silentLogger } from '../logging/logger-types.js';
import { compose } from './compose.js';
import type { ToolCallContext, ToolMiddleware } from './types.js';

const ctx = (): ToolCallContext => ({
  tool: { name: 't', toolset: 's', readOnly: true, destructive: false, cost: 1, timeoutMs: 1000, scopes: [] },
  args: {},
  principal: localPrincipal(),
  requestId: 'r',
  logger: silentLogger,
  signal: new AbortController().signal,
  canElicit: false,
  roots: async () => undefined,
  mcp: {} as never,
});
const ok = { content: [{ type: 'text' as const, text: 'ok' }] };

describe('compose', () => {
  it('runs middleware as an onion, outermost first', async () => {
    const order: string[] = [];
    const mw =
      (name: string): ToolMiddleware =>
      async (_c, next) => {
        order.push(`${name}>`);
        const result = await next();
        order.push(`<${name}`);
        return result;
      };
    const run = compose([mw('a'), mw('b')], async () => {
      order.push('handler');
      return ok;
    });
    expect(await run(ctx())).toBe(ok);
    expect(order).toEqual(['a>', 'b>', 'handler', '<b', '<a']);
  });

  it('lets a middleware answer without calling next', async () => {
    let called = false;
    const run = compose([async () => ({ content: [], isError: true })], async () => {
      called = true;
      return ok;
    });
    expect((await run(ctx())).isError).toBe(true);
    expect(called).toBe(false);
  });

  it('refuses next() called twice', async () => {
    let runs = 0;
    const run = compose(
      [
        async (_c, next) => {
          await next();
          return next();
        },
      ],
      async () => {
        runs++;
        return ok;
      },
    );
    await expect(run(ctx())).rejects.toThrow('next() called more than once');
    expect(runs).toBe(1);
  });

  it('turns a synchronous throw into a rejection', async () => {
    const run = compose(
      [
        () => {
          throw new Error('sync');
        },
      ],
      async () => ok,
    );
    await expect(run(ctx())).rejects.toThrow('sync');
  });
});
