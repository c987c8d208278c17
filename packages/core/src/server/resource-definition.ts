import type { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import type { Logger } from '../logging/logger-types.js';

export interface ResourceContext<App> {
  app: App;
  principal: Principal;
  logger: Logger;
}

/** What a resource read returns: JSON (rendered with a stable indent) or text. */
export type ResourceBody = { json: unknown } | { text: string; mimeType?: string };

interface ResourceBase {
  /** Registration name (kebab-case). */
  name: string;
  title: string;
  description: string;
  /** Toolset whose `:read` scope a principal needs to read it. */
  toolset: string;
}

/** A resource at one fixed URI (`project://status`). */
export interface StaticResourceDefinition<App> extends ResourceBase {
  uri: string;
  read(ctx: ResourceContext<App>): Promise<ResourceBody>;
}

/** A family of resources under a URI template (`project://{project}/status`). */
export interface TemplateResourceDefinition<App> extends ResourceBase {
  uriTemplate: string;
  /** Completion of template variables, by variable name. */
  complete?: Record<string, (value: string, app: App) => Promise<string[]>>;
  /** Concrete resources to advertise in `resources/list`. */
  list?: (app: App) => Promise<Array<{ uri: string; name: string; title?: string }>>;
  read(variables: Record<string, string>, ctx: ResourceContext<App>): Promise<ResourceBody>;
}

export type ResourceDefinition<App> = StaticResourceDefinition<App> | TemplateResourceDefinition<App>;

export interface PromptDefinition<App, Args extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  toolset: string;
  args: Args;
  /** Argument completion, by argument name. */
  complete?: Record<string, (value: string, app: App) => Promise<string[]>>;
  /** Builds the prompt text from live data. */
  render(args: z.output<Args>, ctx: ResourceContext<App>): Promise<string>;
}

/** Identity function that types a fixed-URI resource. */
export function defineResource<App>(definition: StaticResourceDefinition<App>): StaticResourceDefinition<App> {
  return definition;
}

/** Identity function that types a URI-template resource. */
export function defineResourceTemplate<App>(definition: TemplateResourceDefinition<App>): TemplateResourceDefinition<App> {
  return definition;
}

export function definePrompt<App, Args extends z.ZodObject>(definition: PromptDefinition<App, Args>): PromptDefinition<App, Args> {
  return definition;
}
