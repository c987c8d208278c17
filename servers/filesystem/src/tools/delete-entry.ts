import type { Stats } from 'node:fs';
import { rmdir, unlink } from 'node:fs/promises';
import {
  type ConfirmationSubject,
  confirmDestructive,
  conflict,
  invalidInput,
  isMcpKitError,
  notFound,
  type ToolContext,
  type ToolReply,
} from '@mcpkit/core';
import type { InputRequiredResult } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { defineFilesystemTool, type FilesystemApp } from '../app.js';
import { type GuardedEntry, type HeldDirectory, holdDirectory, lstatEntry, removeTree, resolveEntry } from '../paths/directory-entry.js';
import { fsError } from '../paths/fs-errors.js';
import type { PathGuard } from '../paths/path-guard.js';

const confirmTokenInput = z.string().max(200).optional().describe('From the previous call');

const deleteOutput = z.object({
  status: z.enum(['deleted', 'confirmation_required', 'cancelled']),
  path: z.string(),
  confirmToken: z.string().optional(),
  expiresAt: z.string().optional(),
});

type DeleteOutput = z.output<typeof deleteOutput>;

interface DeleteRequest {
  tool: 'delete_file' | 'delete_directory';
  entry: GuardedEntry;
  subject: ConfirmationSubject;
  confirmToken: string | undefined;
  /** What is deleted, for the question and the texts (`the file /a/b.txt`). */
  what: string;
  /** The arguments that repeat the call, for the instructions (`path "…", recursive true`). */
  again: string;
}

/**
 * The confirmation both delete tools share: asks (elicitation) or hands out a token bound
 * to the entry's current state, and runs `remove` only once confirmed.
 */
async function confirmThenDelete(
  ctx: ToolContext<FilesystemApp>,
  request: DeleteRequest,
  remove: () => Promise<void>,
): Promise<ToolReply<DeleteOutput> | InputRequiredResult> {
  const { entry, what } = request;
  const confirmation = confirmDestructive(ctx, {
    tokens: ctx.app.confirmations,
    subject: request.subject,
    confirmToken: request.confirmToken,
    question: `Delete ${what}? This cannot be undone.`,
  });
  switch (confirmation.status) {
    case 'asking':
      return confirmation.result;
    case 'cancelled': {
      const data: DeleteOutput = { status: 'cancelled', path: entry.real };
      return { text: `Not deleted: the user did not confirm deleting ${what}.`, data };
    }
    case 'token_issued': {
      const { token, expiresAt } = confirmation;
      const data: DeleteOutput = { status: 'confirmation_required', path: entry.real, confirmToken: token, expiresAt };
      return {
        text: `Deleting ${what} cannot be undone. To confirm, call ${request.tool} again with ${request.again} and confirmToken "${token}" (valid until ${expiresAt}, and only while it stays unchanged). Ask the user first.`,
        data,
      };
    }
    case 'confirmed': {
      await remove();
      const data: DeleteOutput = { status: 'deleted', path: entry.real };
      return { text: `Deleted ${what}.`, data };
    }
  }
}

/** Holds the entry's directory for the length of `work`. */
async function withParent<T>(guard: PathGuard, entry: GuardedEntry, work: (dir: HeldDirectory) => Promise<T>): Promise<T> {
  const dir = await holdDirectory(guard, entry.parentReal).catch((error: unknown) => {
    if (isMcpKitError(error) && error.code === 'not_found') {
      throw notFound(`${entry.requested} does not exist. Check the path with list_directory or search_files.`);
    }
    throw error;
  });
  try {
    return await work(dir);
  } finally {
    await dir.close();
  }
}

export const deleteFile = defineFilesystemTool({
  name: 'delete_file',
  title: 'Delete a file',
  description:
    'Deletes a file or symlink (not its target). Confirmed first: the user is asked where the client can; otherwise the call returns a confirmToken for a second call.',
  toolset: 'files',
  input: z.strictObject({
    path: z.string(),
    confirmToken: confirmTokenInput,
  }),
  output: deleteOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async handler({ path, confirmToken }, ctx) {
    const guard = await ctx.app.guardFor(ctx);
    const entry = await resolveEntry(guard, path, 'deleted');
    return withParent(guard, entry, async (dir) => {
      const info = await lstatEntry(dir.entry(entry.name), path);
      if (!info) throw notFound(`${path} does not exist. Check the path with list_directory or search_files.`);
      if (info.isDirectory()) throw invalidInput(`${path} is a directory. Use delete_directory for directories.`);
      const version = (s: Stats) => `${s.ino}:${s.size}:${s.mtimeMs}`;
      const kind = info.isSymbolicLink() ? 'the symbolic link' : 'the file';
      return confirmThenDelete(
        ctx,
        {
          tool: 'delete_file',
          entry,
          subject: { action: 'delete', target: entry.real, version: version(info), principal: ctx.principal.id, variant: 'file' },
          confirmToken,
          what: `${kind} ${entry.real}${info.isSymbolicLink() ? ' (not what it points to)' : ''}`,
          again: `path ${JSON.stringify(path)}`,
        },
        async () => {
          // The user confirmed this entry as it was: if it was replaced meanwhile, stop.
          const now = await lstatEntry(dir.entry(entry.name), path);
          if (!now || version(now) !== version(info)) {
            throw conflict(`${path} changed while the deletion was being confirmed, so it was left alone. Call delete_file again.`);
          }
          await unlink(dir.entry(entry.name)).catch((error: unknown) => fsError(error, path));
          await dir.sync();
        },
      );
    });
  },
});

export const deleteDirectory = defineFilesystemTool({
  name: 'delete_directory',
  title: 'Delete a directory',
  description: 'Deletes an empty directory, or with recursive all it holds (symlinks removed, not followed). Confirmed like delete_file.',
  toolset: 'directories',
  input: z.strictObject({
    path: z.string(),
    recursive: z.boolean().default(false).describe('Also delete all contents'),
    confirmToken: confirmTokenInput,
  }),
  output: deleteOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async handler({ path, recursive, confirmToken }, ctx) {
    const guard = await ctx.app.guardFor(ctx);
    const entry = await resolveEntry(guard, path, 'deleted');
    return withParent(guard, entry, async (dir) => {
      const info = await lstatEntry(dir.entry(entry.name), path);
      if (!info) throw notFound(`${path} does not exist. Check the path with list_directory.`);
      if (info.isSymbolicLink()) throw invalidInput(`${path} is a symbolic link; delete the link itself with delete_file.`);
      if (!info.isDirectory()) throw invalidInput(`${path} is a file, not a directory. Use delete_file for files.`);
      // Counted through the directory itself, held open: never through a path a swap could redirect.
      const held = await dir.child(entry.name);
      const count = (await held.list().finally(() => held.close())).length;
      if (!recursive && count > 0) {
        throw conflict(
          `${path} is not empty (${count} entr${count === 1 ? 'y' : 'ies'}). Pass recursive: true to delete it with everything in it, after checking with list_directory.`,
        );
      }
      const version = (s: Stats) => `${s.ino}:${s.mtimeMs}`;
      const what =
        count === 0
          ? `the empty directory ${entry.real}`
          : `the directory ${entry.real} and everything in it (${count} entr${count === 1 ? 'y' : 'ies'} directly inside)`;
      return confirmThenDelete(
        ctx,
        {
          tool: 'delete_directory',
          entry,
          subject: {
            action: 'delete',
            target: entry.real,
            version: version(info),
            principal: ctx.principal.id,
            variant: recursive ? 'recursive' : 'empty',
          },
          confirmToken,
          what,
          again: `path ${JSON.stringify(path)}, recursive ${recursive}`,
        },
        async () => {
          const now = await lstatEntry(dir.entry(entry.name), path);
          if (!now?.isDirectory() || version(now) !== version(info)) {
            throw conflict(`${path} changed while the deletion was being confirmed, so it was left alone. Call delete_directory again.`);
          }
          if (recursive) {
            await removeTree(dir, entry.name, ctx.signal).catch((error: unknown) => fsError(error, path));
          } else {
            await rmdir(dir.entry(entry.name)).catch((error: unknown) => {
              if ((error as NodeJS.ErrnoException).code === 'ENOTEMPTY') {
                throw conflict(`${path} is no longer empty, so it was left alone. Pass recursive: true to delete everything in it.`);
              }
              fsError(error, path);
            });
          }
          await dir.sync();
        },
      );
    });
  },
});
