import { type ConfirmationTokens, toolBuilder } from '@mcpkit/core';
import type { GuardSource } from './paths/guard-source.js';

/** The limits that keep one answer from flooding a model's context or running forever. */
export interface FilesystemLimits {
  maxReadBytes: number;
  maxReadLines: number;
  maxMediaBytes: number;
  maxEntries: number;
  walkTimeoutMs: number;
}

/** The long-lived services every filesystem tool works with. */
export interface FilesystemApp {
  limits: FilesystemLimits;
  confirmations: ConfirmationTokens;
  /**
   * The path guard for one call: the configured directories, or the client's roots where
   * they replace them. Every path a tool touches goes through it.
   */
  guardFor: GuardSource;
}

/** `defineTool` for the filesystem server's app. */
export const defineFilesystemTool = toolBuilder<FilesystemApp>();
