import { hashApiKey } from '../auth/api-keys.js';
import { coreOptions } from '../config/core-options.js';
import { ConfigError, type ConfigSpec, configHelp } from '../config/load-config.js';
import type { ServerDefinition } from '../server/define-server.js';
import { type RunningServer, startServer } from './start-server.js';

/**
 * The whole body of a server's bin: parse config, start, and own the process — exit 2 on
 * a config error (one message listing every problem, before anything is served), shut
 * down gracefully on SIGINT/SIGTERM or when a stdio client closes its end.
 */
export async function runServer<App, Spec extends ConfigSpec>(
  definition: ServerDefinition<App, Spec>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      `${definition.name} ${definition.version} — ${definition.title}\n\nUsage: ${definition.name} [options]\n\n${configHelp({ ...coreOptions, ...definition.config })}\n\nToolsets: ${Object.entries(
        definition.toolsets,
      )
        .map(([name, about]) => `\n  ${name}: ${about}`)
        .join('')}\n`,
    );
    return;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`${definition.version}\n`);
    return;
  }
  if (argv[0] === 'hash-key') {
    const key = (await readStdin()).trim();
    if (!key) {
      process.stderr.write('Pipe the key on stdin: echo -n "$KEY" | mcpkit-<server> hash-key\n');
      process.exitCode = 2;
      return;
    }
    process.stdout.write(`${hashApiKey(key)}\n`);
    return;
  }

  let server: RunningServer<App>;
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(code), 15_000);
    force.unref();
    void server?.close().finally(() => process.exit(code));
  };
  try {
    server = await startServer(definition, { argv, env: process.env, onClientGone: () => stop(0) });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\nRun ${definition.name} --help for every option.\n`);
      process.exit(2);
    }
    throw error;
  }
  if (server.url) {
    process.stderr.write(
      `${definition.name} listening on ${server.url}${server.generatedKey ? `\n  bearer token (this run only): ${server.generatedKey}` : ''}\n`,
    );
  }
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
