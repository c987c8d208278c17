#!/usr/bin/env node
// Baseline: the same echo tool served through @mcpkit/core (defineServer + runServer, from
// packages/core/dist), so every call crosses core's whole chain — request log, error map,
// scope check, rate limit, timeout, argument validation — exactly as a domain server's do.
// Takes core's usual flags (the bench raises the rate limits so they never refuse).
import { importEsm } from '../lib/resolve.mjs';
import { echoTool } from './echo-tool.mjs';

const { z } = await importEsm('zod');
const { defineServer, runServer } = await import('../../packages/core/dist/index.js');

const echo = echoTool(z);

await runServer(
  defineServer({
    name: 'core-echo',
    version: '0.0.0',
    title: 'core echo (benchmark baseline)',
    config: {},
    toolsets: { bench: 'The benchmark tool' },
    setup: async () => ({ app: {} }),
    tools: [
      {
        ...echo,
        toolset: 'bench',
        handler: ({ message }) => ({ text: message, data: { echoed: message } }),
      },
    ],
  }),
);
