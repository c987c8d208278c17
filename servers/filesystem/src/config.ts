import { booleanString, type ConfigSpec, commaList } from '@mcpkit/core';
import { z } from 'zod';

const KIB = 1024;
const MIB = 1024 * KIB;

/** The filesystem server's own options, next to core's. */
export const filesystemOptions = {
  directories: {
    schema: commaList.default([]),
    positional: true,
    env: 'FS_ALLOWED_DIRECTORIES',
    description:
      'Directories the server may touch, as arguments (like the reference server) or a comma-separated list. Everything beneath them is reachable; nothing else is.',
  },
  useRoots: {
    schema: booleanString.default(true),
    flag: 'roots',
    boolean: true,
    env: 'FS_USE_ROOTS',
    description: "Let the roots a 2025-era stdio client offers replace the directories; --no-roots keeps the server's own list.",
  },
  maxReadBytes: {
    schema: z.coerce
      .number()
      .int()
      .min(KIB)
      .max(16 * MIB)
      .default(64 * KIB),
    flag: 'max-read-bytes',
    env: 'FS_MAX_READ_BYTES',
    description: 'Most bytes of text one read returns (about 16,000 tokens at the default); longer reads are cut and say how to go on.',
  },
  maxReadLines: {
    schema: z.coerce.number().int().min(10).max(1_000_000).default(2000),
    flag: 'max-read-lines',
    env: 'FS_MAX_READ_LINES',
    description: 'Most lines one read returns when no limit is given.',
  },
  maxMediaBytes: {
    schema: z.coerce
      .number()
      .int()
      .min(KIB)
      .max(100 * MIB)
      .default(10 * MIB),
    flag: 'max-media-bytes',
    env: 'FS_MAX_MEDIA_BYTES',
    description: 'Largest file read_media_file returns (base64 makes it a third larger on the wire).',
  },
  maxEntries: {
    schema: z.coerce.number().int().min(10).max(10_000_000).default(10_000),
    flag: 'max-entries',
    env: 'FS_MAX_ENTRIES',
    description: 'Most entries a listing, tree or search returns before it stops and says it was cut.',
  },
  walkTimeoutMs: {
    schema: z.coerce.number().int().min(100).max(600_000).default(20_000),
    flag: 'walk-timeout-ms',
    env: 'FS_WALK_TIMEOUT_MS',
    description: 'Longest a tree walk or search runs before it stops and returns what it found so far.',
  },
  confirmSecret: {
    schema: z.string().min(16, 'use at least 16 characters').optional(),
    env: 'FS_CONFIRM_SECRET',
    description:
      'Key that signs delete confirmation tokens. Instances serving the same files must share it; random per process when unset.',
  },
} satisfies ConfigSpec;
