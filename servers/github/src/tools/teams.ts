import { invalidInput } from '@mcpkit/core';
import { z } from 'zod';
import type { GitHubApp } from '../app.js';
import { defineGitHubTool } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { pageFields, pageNote, pageOf, pageRecord } from '../client/pagination.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';
import { ownerField } from './github-fields.js';

// Teams belong to organizations, not repositories: `--repos` does not apply. Classic tokens need
// read:org; team names and descriptions are typed by organization members, so they are sanitized.
// The official get_teams also takes a `user`: REST has no listing of another user's teams (the
// official server asks GraphQL), so this one lists the token's own.

const teamRecord = z.object({
  org: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  privacy: z.string(),
  parent: z.string().nullable(),
  membersCount: z.number().int().optional(),
  htmlUrl: z.string(),
});
type TeamRecord = z.infer<typeof teamRecord>;

const teamSlugField = z
  .string()
  .refine(
    (slug) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(slug),
    'a team slug, like "core" (the team name in lower case, dashes for spaces)',
  );

function needToken(app: GitHubApp): void {
  if (!app.authenticated)
    throw invalidInput('Teams are visible to organization members only and no GitHub token is configured: set GITHUB_TOKEN.');
}

const text = (value: string) => sanitizeUntrusted(value, { markdown: false });

const teamLine = (t: TeamRecord) =>
  `${t.org}/${t.slug} — ${t.name} (${t.privacy}${t.membersCount === undefined ? '' : `, ${t.membersCount} member${t.membersCount === 1 ? '' : 's'}`}${t.parent ? `, under ${t.parent}` : ''})${t.description ? `: ${t.description}` : ''}`;

export const getTeams = defineGitHubTool({
  name: 'get_teams',
  title: 'Get your teams',
  description: 'List the teams you belong to, across your organizations.',
  toolset: 'orgs',
  input: z.strictObject({ ...pageFields }),
  output: z.object({ teams: z.array(teamRecord), pagination: pageRecord }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ page, perPage }, { app, signal }) {
    needToken(app);
    const { data, headers } = await callGitHub('your teams', () =>
      app.github.rest.teams.listForAuthenticatedUser({ page, per_page: perPage, request: { signal } }),
    );
    const teams = data.map((team) => ({
      org: sanitizeName(team.organization?.login ?? ''),
      slug: sanitizeName(team.slug),
      name: text(team.name),
      description: team.description ? text(team.description) : null,
      privacy: team.privacy ?? 'closed',
      parent: team.parent?.slug ? sanitizeName(team.parent.slug) : null,
      membersCount: team.members_count,
      htmlUrl: team.html_url,
    }));
    const pagination = pageOf(headers, page, perPage);
    const head = teams.length === 0 ? 'You belong to no teams the token can see.' : 'Your teams:';
    return { text: [head, ...teams.map(teamLine), ...pageNote(pagination)].join('\n'), data: { teams, pagination } };
  },
});

const memberRecord = z.object({ login: z.string(), role: z.enum(['maintainer', 'member']), htmlUrl: z.string() });

export const getTeamMembers = defineGitHubTool({
  name: 'get_team_members',
  title: 'Get team members',
  description: 'List the members of an organization’s team, with their role (maintainer or member).',
  toolset: 'orgs',
  input: z.strictObject({
    org: ownerField,
    teamSlug: teamSlugField,
    role: z.enum(['all', 'maintainer', 'member']).default('all'),
    ...pageFields,
  }),
  output: z.object({ members: z.array(memberRecord), pagination: pageRecord }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ org, teamSlug, role, page, perPage }, { app, signal }) {
    needToken(app);
    const subject = `team ${org}/${teamSlug}`;
    const { data, headers } = await callGitHub(subject, () =>
      app.github.rest.teams.listMembersInOrg({ org, team_slug: teamSlug, role, page, per_page: perPage, request: { signal } }),
    );
    // GitHub lists members without their role; with every role asked for, one more call names the
    // maintainers (a team has far fewer than 100 of them).
    let maintainers = new Set<string>();
    if (role === 'all' && data.length > 0) {
      const listed = await callGitHub(subject, () =>
        app.github.rest.teams.listMembersInOrg({ org, team_slug: teamSlug, role: 'maintainer', per_page: 100, request: { signal } }),
      );
      maintainers = new Set(listed.data.map((user) => user.login.toLowerCase()));
    }
    const members = data.map((user) => ({
      login: sanitizeName(user.login),
      role:
        role === 'maintainer' || (role === 'all' && maintainers.has(user.login.toLowerCase()))
          ? ('maintainer' as const)
          : ('member' as const),
      htmlUrl: user.html_url,
    }));
    const pagination = pageOf(headers, page, perPage);
    const head = members.length === 0 ? `No ${role === 'all' ? 'member' : role}s in ${org}/${teamSlug}.` : `Members of ${org}/${teamSlug}:`;
    const lines = members.map((member) => `- @${member.login} (${member.role})`);
    return { text: [head, ...lines, ...pageNote(pagination)].join('\n'), data: { members, pagination } };
  },
});
