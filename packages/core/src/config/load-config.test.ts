import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { booleanString, ConfigError, commaList, configHelp, loadConfig } from './load-config.js';

const spec = {
  port: { schema: z.coerce.number().int().min(1).max(65535).default(3000), flag: 'port', env: 'PORT', description: 'Port' },
  readOnly: { schema: booleanString.default(false), flag: 'read-only', boolean: true, env: 'READ_ONLY', description: 'Read only' },
  token: { schema: z.string().min(1), env: ['GITHUB_TOKEN', 'GITHUB_PERSONAL_ACCESS_TOKEN'], description: 'Token' },
  toolsets: { schema: commaList.optional(), flag: 'toolsets', description: 'Toolsets' },
};

describe('loadConfig', () => {
  it('reads flags over env, with defaults', () => {
    const config = loadConfig(spec, { argv: ['--port=8080', '--read-only'], env: { PORT: '1', GITHUB_PERSONAL_ACCESS_TOKEN: 't' } });
    expect(config).toEqual({ port: 8080, readOnly: true, token: 't', toolsets: undefined });
  });

  it('takes the first env name that is set, and --no- for booleans', () => {
    const config = loadConfig(spec, {
      argv: ['--no-read-only', '--toolsets', 'a, b,,c'],
      env: { GITHUB_TOKEN: 'first', GITHUB_PERSONAL_ACCESS_TOKEN: 'second', READ_ONLY: 'yes' },
    });
    expect(config).toMatchObject({ token: 'first', readOnly: false, toolsets: ['a', 'b', 'c'] });
  });

  it('reports every problem at once, naming where each value came from', () => {
    let error: unknown;
    try {
      loadConfig(spec, { argv: ['--port', 'abc', '--bogus', 'stray', '--toolsets'], env: { READ_ONLY: 'maybe' } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'unknown option --bogus',
        'unexpected argument "stray": options are given as --name value or --name=value',
        '--toolsets needs a value (Toolsets)',
        '--port: expected number',
        'READ_ONLY: expected boolean',
        'GITHUB_TOKEN / GITHUB_PERSONAL_ACCESS_TOKEN: required (string)',
      ]),
    );
    expect((error as ConfigError).message).toMatch(/^Invalid configuration:\n {2}- /);
  });

  it('never echoes a bad value back (it may be a secret)', () => {
    const secretSpec = { key: { schema: z.string().regex(/^sha256:/), env: 'KEY', description: 'Key' } };
    expect(() => loadConfig(secretSpec, { argv: [], env: { KEY: 'hunter2-super-secret' } })).toThrow(ConfigError);
    try {
      loadConfig(secretSpec, { argv: [], env: { KEY: 'hunter2-super-secret' } });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('suggests a close flag name', () => {
    expect(() => loadConfig(spec, { argv: ['--prot', '1'], env: { GITHUB_TOKEN: 't' } })).toThrow(/did you mean --port\?/);
  });

  it('generates help from the spec', () => {
    const help = configHelp(spec);
    expect(help).toContain('--port <value>  |  PORT');
    expect(help).toContain('--read-only  |  READ_ONLY');
    expect(help).toContain('GITHUB_TOKEN, GITHUB_PERSONAL_ACCESS_TOKEN');
  });

  it('gives bare arguments to the positional option, env when there are none', () => {
    const dirsSpec = {
      dirs: { schema: commaList.default([]), positional: true, env: 'DIRS', description: 'Directories' },
      port: spec.port,
    };
    expect(loadConfig(dirsSpec, { argv: ['/a', '--port', '9', '/b c'], env: { DIRS: '/x' } })).toEqual({ dirs: ['/a', '/b c'], port: 9 });
    expect(loadConfig(dirsSpec, { argv: [], env: { DIRS: '/x,/y' } })).toEqual({ dirs: ['/x', '/y'], port: 3000 });
    expect(loadConfig(dirsSpec, { argv: [], env: {} }).dirs).toEqual([]);
    expect(configHelp(dirsSpec)).toContain('<arguments>  |  DIRS');
  });
});
