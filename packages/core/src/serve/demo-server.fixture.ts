import { z } from 'zod';
import { invalidInput, notFound } from '../errors/mcpkit-error.js';
import { defineServer } from '../server/define-server.js';
import { definePrompt, defineResource, defineResourceTemplate } from '../server/resource-definition.js';
import { toolBuilder } from '../server/tool-definition.js';

/**
 * A small server definition for core's own tests: one tool per behaviour the chain must
 * handle (success, deliberate error, crash, hang, write), a static and a template
 * resource, a prompt, and a change feed the test can fire.
 */
export interface DemoApp {
  counter: number;
  listeners: Set<(uri: string) => void>;
}

const tool = toolBuilder<DemoApp>();

export function createDemoServer() {
  const app: DemoApp = { counter: 0, listeners: new Set() };
  const definition = defineServer<DemoApp, { greeting: { schema: z.ZodDefault<z.ZodString>; flag: string; description: string } }>({
    name: 'mcpkit-demo',
    version: '1.2.3',
    title: 'Demo',
    config: { greeting: { schema: z.string().default('hello'), flag: 'greeting', description: 'Greeting word' } },
    toolsets: { basics: 'Basic tools', admin: 'Writes' },
    defaultToolsets: ['basics', 'admin'],
    async setup() {
      return {
        app,
        changes: {
          subscribe(listener) {
            app.listeners.add(listener);
            return () => app.listeners.delete(listener);
          },
        },
      };
    },
    tools: [
      tool({
        name: 'echo',
        title: 'Echo',
        description: 'Echoes its message.',
        toolset: 'basics',
        input: z.strictObject({ message: z.string().max(20), times: z.number().int().min(1).max(3).default(1) }),
        output: z.object({ echoed: z.string() }),
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
        handler: ({ message, times }) => {
          const echoed = Array.from({ length: times }, () => message).join(' ');
          return { text: echoed, data: { echoed } };
        },
      }),
      tool({
        name: 'find_thing',
        title: 'Find a thing',
        description: 'Fails with not_found for any id but 1.',
        toolset: 'basics',
        input: z.strictObject({ id: z.number() }),
        output: z.object({ id: z.number() }),
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
        handler: ({ id }) => {
          if (id !== 1) throw notFound(`No thing ${id}. List things to find the right id.`);
          return { text: 'thing 1', data: { id } };
        },
      }),
      tool({
        name: 'crash',
        title: 'Crash',
        description: 'Throws an unexpected error holding a secret.',
        toolset: 'basics',
        input: z.strictObject({}),
        output: z.object({}),
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
        handler: () => {
          throw new Error('db password=hunter2 at /srv/secret/path Bearer abcdefghijklmnop');
        },
      }),
      tool({
        name: 'hang',
        title: 'Hang',
        description: 'Never finishes unless aborted.',
        toolset: 'basics',
        input: z.strictObject({}),
        output: z.object({}),
        timeoutMs: 300,
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
        handler: () => new Promise<never>(() => {}),
      }),
      tool({
        name: 'increment',
        title: 'Increment',
        description: 'Adds one to the counter and announces the change.',
        toolset: 'admin',
        input: z.strictObject({ by: z.number().int().default(1) }),
        output: z.object({ counter: z.number() }),
        cost: 2,
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
        handler: ({ by }, { app: state }) => {
          if (by === 0) throw invalidInput('by must not be 0: pass a positive or negative step.');
          state.counter += by;
          for (const listener of state.listeners) listener('demo://counter');
          return { text: `counter is ${state.counter}`, data: { counter: state.counter } };
        },
      }),
    ],
    resources: [
      defineResource<DemoApp>({
        name: 'counter',
        title: 'Counter',
        description: 'The counter value',
        toolset: 'basics',
        uri: 'demo://counter',
        read: async ({ app: state }) => ({ json: { counter: state.counter } }),
      }),
      defineResourceTemplate<DemoApp>({
        name: 'thing',
        title: 'Thing',
        description: 'A thing by name',
        toolset: 'basics',
        uriTemplate: 'demo://things/{name}',
        complete: { name: async (value) => ['apple', 'apricot', 'banana'].filter((n) => n.startsWith(value)) },
        read: async ({ name }) => {
          if (name === 'missing') throw notFound('No thing "missing". Complete the name to see the known things.');
          return { text: `thing ${name}` };
        },
      }),
    ],
    prompts: [
      definePrompt<DemoApp, z.ZodObject>({
        name: 'greet',
        title: 'Greet',
        description: 'Greets someone',
        toolset: 'basics',
        args: z.object({ name: z.string() }),
        complete: { name: async (value) => ['ada', 'alan'].filter((n) => n.startsWith(value)) },
        render: async (args) => `Say hello to ${(args as { name: string }).name}.`,
      }),
    ],
  });
  return { definition, app };
}
