#!/usr/bin/env node
// Baseline: the official SDK v2 on its own — McpServer + serveStdio, one echo tool,
// no middleware, no logging, no config. What mcpkit's servers are measured against.
import { importEsm } from '../lib/resolve.mjs';
import { echoTool } from './echo-tool.mjs';

const { z } = await importEsm('zod');
const { McpServer } = await importEsm('@modelcontextprotocol/server');
const { serveStdio } = await importEsm('@modelcontextprotocol/server/stdio');

const echo = echoTool(z);

serveStdio(() => {
  const server = new McpServer({ name: 'bare-sdk-echo', version: '0.0.0' });
  server.registerTool(
    echo.name,
    {
      title: echo.title,
      description: echo.description,
      inputSchema: echo.input,
      outputSchema: echo.output,
      annotations: { title: echo.title, ...echo.annotations },
    },
    async ({ message }) => ({ content: [{ type: 'text', text: message }], structuredContent: { echoed: message } }),
  );
  return server;
});
