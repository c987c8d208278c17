#!/usr/bin/env node
// Writes docs/configuration.md from the config specs themselves (core's and each
// server's), so the reference cannot drift from what the servers parse. Run after a build.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { coreOptions } = await import(join(root, 'packages/core/dist/index.js'));
const { tasksOptions } = await import(join(root, 'servers/tasks/dist/index.js'));
const { filesystemOptions } = await import(join(root, 'servers/filesystem/dist/index.js'));
const { weatherOptions } = await import(join(root, 'servers/weather/dist/index.js'));
const { githubOptions } = await import(join(root, 'servers/github/dist/index.js'));

const table = (spec) =>
  [
    '| Flag | Environment | Description |',
    '| --- | --- | --- |',
    ...Object.values(spec).map((o) => {
      const env =
        o.env === undefined
          ? ''
          : [o.env]
              .flat()
              .map((e) => `\`${e}\``)
              .join(', ');
      const flag = o.positional ? 'arguments' : o.flag ? `\`--${o.flag}\`` : '';
      return `| ${flag} | ${env} | ${o.description.replaceAll('|', '\\|')} |`;
    }),
  ].join('\n');

const doc = `# Configuration reference

Generated from the servers' config specs by \`node scripts/config-docs.mjs\`; do not edit by hand.
Flags win over environment variables. Every value is validated before anything is served; all
problems are reported in one message and the process exits with code 2.

## Every server

${table(coreOptions)}

## mcpkit-tasks

${table(tasksOptions)}

## mcpkit-filesystem

${table(filesystemOptions)}

## mcpkit-weather

${table(weatherOptions)}

## mcpkit-github

${table(githubOptions)}

## API keys

\`MCP_API_KEYS\` holds hashes, never keys: \`id:sha256:<hex>:scope scope;id2:sha256:<hex>:*\`.
Hash a key with \`printf %s "$KEY" | mcpkit-tasks hash-key\`. Scopes are \`<toolset>:read\` and
\`<toolset>:write\` (write implies read); \`*\` grants everything.
`;
writeFileSync(join(root, 'docs/configuration.md'), doc);
console.log('wrote docs/configuration.md');
