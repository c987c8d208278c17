#!/usr/bin/env node
// Starts every mcpkit server over Streamable HTTP on 127.0.0.1 and prints, for each, its
// URL and this run's bearer token, plus a ready-to-paste Claude Desktop config for stdio.
// The servers keep running until Ctrl-C.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The directory the filesystem server may touch here: this checkout, unless told otherwise. */
const filesDirectory = process.env.MCPKIT_FS_DIRECTORY ?? root;

/** The servers that exist, with the port each listens on (overridable by env) and its own arguments. */
const servers = [
  { name: 'tasks', bin: 'servers/tasks/dist/bin.js', port: Number(process.env.MCPKIT_TASKS_PORT ?? 3301), args: [] },
  {
    name: 'filesystem',
    bin: 'servers/filesystem/dist/bin.js',
    port: Number(process.env.MCPKIT_FILESYSTEM_PORT ?? 3302),
    args: [filesDirectory],
  },
  { name: 'weather', bin: 'servers/weather/dist/bin.js', port: Number(process.env.MCPKIT_WEATHER_PORT ?? 3303), args: [] },
  // Public reads without a token; set GITHUB_TOKEN for more.
  { name: 'github', bin: 'servers/github/dist/bin.js', port: Number(process.env.MCPKIT_GITHUB_PORT ?? 3304), args: [] },
];

const children = [];
const ready = await Promise.all(servers.map(startOne));

const desktop = {
  mcpServers: Object.fromEntries(
    servers.map((s) => [`mcpkit-${s.name}`, { command: process.execPath, args: [join(root, s.bin), ...s.args] }]),
  ),
};
console.log('\nmcpkit servers are running (Ctrl-C stops them):\n');
for (const r of ready) console.log(`  ${r.name.padEnd(10)} ${r.url}\n  ${''.padEnd(10)} Authorization: Bearer ${r.token}\n`);
console.log(`  The filesystem server may touch ${filesDirectory} (set MCPKIT_FS_DIRECTORY to change it).\n`);
console.log('Claude Desktop (claude_desktop_config.json), over stdio:\n');
console.log(JSON.stringify(desktop, null, 2));
console.log(
  '\nOr, once published: "command": "npx", "args": ["-y", "@mcpkit/server-tasks"] (or server-filesystem, then the directories, or server-weather).',
);
console.log(`Logs (warnings and errors) follow below.\n`);

function startOne(server) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, server.bin), ...server.args, '--http', '--port', String(server.port)], {
      cwd: root,
      env: { LOG_LEVEL: 'warn', ...process.env },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    children.push(child);
    let buffer = '';
    let url;
    let token;
    const onData = (chunk) => {
      buffer += chunk.toString();
      url ??= /listening on (\S+)/.exec(buffer)?.[1];
      token ??= /bearer token \(this run only\): (\S+)/.exec(buffer)?.[1];
      if (url && token) {
        child.stderr.off('data', onData);
        child.stderr.pipe(process.stderr);
        resolve({ name: server.name, url, token });
      }
    };
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (!url) {
        process.stderr.write(buffer);
        reject(
          new Error(
            `mcpkit-${server.name} exited with code ${code} before it was ready (port ${server.port} in use? set MCPKIT_${server.name.toUpperCase()}_PORT)`,
          ),
        );
      }
    });
  }).catch((error) => {
    console.error(error.message);
    stopAll(1);
  });
}

function stopAll(code = 0) {
  const running = children.filter((child) => child.exitCode === null);
  for (const child of running) child.kill('SIGTERM');
  // Each server drains and closes its store on SIGTERM; give them time, but not forever.
  Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve)))).then(() => process.exit(code));
  setTimeout(() => process.exit(code), 15_000).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
