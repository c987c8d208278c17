import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLIENT_KINDS, type ToolCallOutcome } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FilesystemHarness, startFilesystem, useFilesystem } from '../filesystem-server.fixture.js';
import { detectMediaType } from '../io/media-types.js';
import { errorCode } from '../tool-assertions.fixture.js';

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** A real WAV: 8 kHz, 8-bit mono PCM, 100 samples of silence. */
function wav(samples = 100): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, Buffer.alloc(samples, 0x80)]);
}

/** The one block after the text, as the client received it. */
function mediaBlock(result: ToolCallOutcome): Record<string, unknown> {
  expect(result.isError, result.text).toBe(false);
  expect(result.content).toHaveLength(2);
  expect(result.content[0]?.type).toBe('text');
  return result.content[1] as Record<string, unknown>;
}

describe.each(CLIENT_KINDS)('read_media_file (%s)', (kind) => {
  let h: FilesystemHarness;
  const file = (name: string) => join(h.allowed, name);
  const read = (name: string) => h.client.callTool('read_media_file', { path: file(name) });

  beforeAll(async () => {
    h = await startFilesystem(kind, { argv: ['--max-media-bytes', '2048'] });
    await writeFile(file('dot.png'), PNG);
    await writeFile(file('beep.wav'), wav());
    await writeFile(file('blob.bin'), Buffer.from([0x00, 0x13, 0x37, 0xde, 0xad, 0xbe, 0xef, 0x00]));
    await writeFile(file('really-a-png.jpg'), PNG);
    await writeFile(file('big.png'), Buffer.concat([PNG, Buffer.alloc(3000)]));
  });
  afterAll(async () => {
    await h.close();
  });

  it('returns a PNG as an image block, without base64 in the structured data', async () => {
    const result = await read('dot.png');
    expect(mediaBlock(result)).toEqual({ type: 'image', mimeType: 'image/png', data: PNG.toString('base64') });
    expect(result.structured).toEqual({ path: file('dot.png'), mimeType: 'image/png', kind: 'image', size: PNG.length });
    expect(result.text).toMatch(/^.*dot\.png: image\/png, 68 bytes, as image content\.$/);
  });

  it('returns a WAV as an audio block', async () => {
    const result = await read('beep.wav');
    expect(mediaBlock(result)).toEqual({ type: 'audio', mimeType: 'audio/wav', data: wav().toString('base64') });
    expect(result.structured).toMatchObject({ kind: 'audio', mimeType: 'audio/wav', size: 144 });
  });

  it('returns an unknown binary as an embedded resource with a file:// URI', async () => {
    const result = await read('blob.bin');
    expect(mediaBlock(result)).toEqual({
      type: 'resource',
      resource: {
        uri: pathToFileURL(file('blob.bin')).href,
        mimeType: 'application/octet-stream',
        blob: Buffer.from([0x00, 0x13, 0x37, 0xde, 0xad, 0xbe, 0xef, 0x00]).toString('base64'),
      },
    });
    expect(result.structured).toMatchObject({ kind: 'resource', mimeType: 'application/octet-stream', size: 8 });
  });

  it('trusts the signature over the extension: a PNG named .jpg is a PNG', async () => {
    const result = await read('really-a-png.jpg');
    expect(mediaBlock(result)).toMatchObject({ type: 'image', mimeType: 'image/png' });
  });

  it('refuses a file over the media limit, saying both sizes', async () => {
    const result = await read('big.png');
    expect(result.isError).toBe(true);
    expect(errorCode(result)).toBe('invalid_input');
    expect(result.text).toContain('is 3.0 KiB (3,068 bytes), over the 2.0 KiB (2,048 bytes) limit');
    expect(result.content).toHaveLength(1);
  });

  it('refuses missing files, directories and paths outside', async () => {
    const missing = await read('nothing.png');
    expect(errorCode(missing)).toBe('not_found');
    expect(missing.text).toMatch(/does not exist/);
    await writeFile(join(h.outside, 'secret.png'), PNG);
    const outside = await h.client.callTool('read_media_file', { path: join(h.outside, 'secret.png') });
    expect(errorCode(outside)).toBe('forbidden');
    expect(outside.content).toHaveLength(1);
    expect(errorCode(await h.client.callTool('read_media_file', { path: h.allowed }))).toBe('invalid_input');
    expect(await readdir(h.outside)).toEqual(['secret.png']);
  });
});

describe('read_media_file over HTTP', () => {
  const start = useFilesystem();

  it('returns an image block', async () => {
    const h = await start('v2-modern', { via: 'http' });
    await writeFile(join(h.allowed, 'dot.png'), PNG);
    const result = await h.client.callTool('read_media_file', { path: join(h.allowed, 'dot.png') });
    expect(mediaBlock(result)).toMatchObject({ type: 'image', mimeType: 'image/png', data: PNG.toString('base64') });
  });
});

describe('media type detection', () => {
  const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((part) => Buffer.from(part as never)));

  it.each([
    ['x.bin', bytes([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
    ['x.png', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif'],
    ['x', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['x.dat', bytes('II*', [0]), 'image/tiff'],
    ['x.mp4', bytes([0, 0, 0, 0x1c], 'ftypavif'), 'image/avif'],
    ['x.m4a', bytes([0, 0, 0, 0x1c], 'ftypisom'), 'audio/mp4'],
    ['x.mp4', bytes([0, 0, 0, 0x1c], 'ftypisom'), 'video/mp4'],
    ['x.bin', bytes('ID3', [3, 0]), 'audio/mpeg'],
    ['x.ogg', bytes('OggS', [0]), 'audio/ogg'],
    ['x.opus', bytes('OggS', [0]), 'audio/opus'],
    ['x.flac', bytes('fLaC'), 'audio/flac'],
    ['x.docx', bytes([0x50, 0x4b, 3, 4]), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['x.png', bytes([0x50, 0x4b, 3, 4]), 'application/zip'],
    ['x.weba', bytes([0x1a, 0x45, 0xdf, 0xa3]), 'audio/webm'],
    ['icon.ico', bytes([0, 0, 1, 0, 1, 0, 16, 16]), 'image/x-icon'],
    ['x.txt', bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'text/plain'],
    ['x.bin', bytes('  <svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'image/svg+xml'],
    ['notes.txt', bytes('BM is not a bitmap'), 'text/plain'],
    ['x.mp3', bytes('just text'), 'audio/mpeg'],
    ['unknown.xyz', bytes('just text'), 'application/octet-stream'],
  ])('%s with its first bytes is %s', (name, first, expected) => {
    expect(detectMediaType(name, first)).toBe(expected);
  });
});
