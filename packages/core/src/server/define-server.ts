import type { z } from 'zod';
import type { CoreConfig } from '../config/core-options.js';
import type { ConfigOf, ConfigSpec } from '../config/load-config.js';
import type { Logger } from '../logging/logger-types.js';
import type { ToolMiddleware } from '../middleware/types.js';
import type { PromptDefinition, ResourceDefinition } from './resource-definition.js';
import type { AnyToolDefinition } from './tool-definition.js';

/** Pushes the URIs of resources whose content changed (fed to subscriptions). */
export interface ChangeFeed {
  subscribe(listener: (uri: string) => void): () => void;
}

/** The long-lived services of a running server, built once per process. */
export interface AppRuntime<App> {
  app: App;
  /** Emits changed resource URIs, for subscriptions/listen and resources/updated. */
  changes?: ChangeFeed;
  /** Readiness of the server's own dependencies (database, upstreams), for /readyz. */
  ready?: () => Promise<{ ok: boolean; detail?: string }>;
  /** Releases what `setup` opened; called once on shutdown. */
  close?: () => Promise<void>;
}

export interface SetupInput<Spec extends ConfigSpec> {
  config: ConfigOf<Spec> & CoreConfig;
  logger: Logger;
}

export interface ServerDefinition<App, Spec extends ConfigSpec = ConfigSpec> {
  /** Package-like name (`mcpkit-tasks`), used as serverInfo.name and in logs. */
  name: string;
  version: string;
  title: string;
  /** Guidance for the model on how to use the server as a whole. */
  instructions?: string;
  /** The server's own options, next to the core ones. */
  config: Spec;
  /** Every toolset with a one-line description. */
  toolsets: Record<string, string>;
  /** Toolsets enabled when the user names none. @default every toolset */
  defaultToolsets?: readonly string[];
  setup(input: SetupInput<Spec>): Promise<AppRuntime<App>>;
  tools: ReadonlyArray<AnyToolDefinition<App>>;
  resources?: ReadonlyArray<ResourceDefinition<App>>;
  prompts?: ReadonlyArray<PromptDefinition<App, z.ZodObject>>;
  /** Extra middleware, run inside core's (after auth and rate limiting, before the handler). */
  middleware?: readonly ToolMiddleware[];
}

/** Identity function that gives a server definition its types. */
export function defineServer<App, Spec extends ConfigSpec>(definition: ServerDefinition<App, Spec>): ServerDefinition<App, Spec> {
  return definition;
}
