import { invalidInput } from '@mcpkit/core';
import { z } from 'zod';
import { defineGitHubTool } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';

export const getMe = defineGitHubTool({
  name: 'get_me',
  title: 'Who am I on GitHub',
  description: 'The GitHub account the token acts as.',
  toolset: 'context',
  input: z.strictObject({}),
  output: z.object({
    login: z.string(),
    name: z.string().nullable(),
    type: z.string(),
    company: z.string().nullable(),
    publicRepos: z.number().int(),
    htmlUrl: z.string(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(_args, { app, signal }) {
    if (!app.authenticated) {
      throw invalidInput('No GitHub token is configured, so the server acts as nobody. Set GITHUB_TOKEN to act as a user.');
    }
    const { data } = await callGitHub('the authenticated user', () => app.github.rest.users.getAuthenticated({ request: { signal } }));
    const me = {
      login: sanitizeName(data.login),
      name: data.name ? sanitizeName(data.name) : null,
      type: data.type,
      company: data.company ? sanitizeUntrusted(data.company, { markdown: false }) : null,
      publicRepos: data.public_repos,
      htmlUrl: data.html_url,
    };
    return {
      text: `@${me.login}${me.name ? ` (${me.name})` : ''}, ${me.type}, ${me.publicRepos} public repositories — ${me.htmlUrl}`,
      data: me,
    };
  },
});
