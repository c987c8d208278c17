import type { FakeResponse } from '../fake-upstream.js';
import type { Gist } from './gists-world.js';
import { gistFile } from './gists-world.js';
import { githubError, notFound, requiresAuthentication } from './github-errors.js';
import { userRef } from './github-records.js';
import { scopesOf } from './github-tokens.js';
import { okPage } from './pagination.js';
import type { GitHubRoute, RouteContext } from './route-table.js';
import { isAnswer, noContent, ok } from './route-table.js';

const DOCS = {
  list: 'https://docs.github.com/rest/gists/gists#list-gists-for-the-authenticated-user',
  user: 'https://docs.github.com/rest/gists/gists#list-gists-for-a-user',
  get: 'https://docs.github.com/rest/gists/gists#get-a-gist',
  create: 'https://docs.github.com/rest/gists/gists#create-a-gist',
  update: 'https://docs.github.com/rest/gists/gists#update-a-gist',
  delete: 'https://docs.github.com/rest/gists/gists#delete-a-gist',
};

/** GitHub returns at most this much of a file's content in a gist; the rest is at raw_url. */
const FILE_CONTENT_LIMIT = 1_048_576;

function gistJson(ctx: RouteContext, gist: Gist, full: boolean): Record<string, unknown> {
  const api = `${ctx.links.api}/gists/${gist.id}`;
  const files: Record<string, unknown> = {};
  for (const file of gist.files.values()) {
    const size = Buffer.byteLength(file.content);
    const truncated = size > FILE_CONTENT_LIMIT;
    files[file.filename] = {
      filename: file.filename,
      type: 'text/plain',
      language: file.language,
      raw_url: `${ctx.links.raw}/${gist.owner}/${gist.id}/raw/${gist.history[0]?.version}/${file.filename}`,
      size,
      ...(full && { truncated, content: truncated ? file.content.slice(0, FILE_CONTENT_LIMIT) : file.content }),
    };
  }
  return {
    url: api,
    forks_url: `${api}/forks`,
    commits_url: `${api}/commits`,
    id: gist.id,
    node_id: `G_${gist.id}`,
    git_pull_url: `${ctx.links.web}/gist/${gist.id}.git`,
    git_push_url: `${ctx.links.web}/gist/${gist.id}.git`,
    html_url: `${ctx.links.web}/gist/${gist.id}`,
    files,
    public: gist.public,
    created_at: gist.createdAt,
    updated_at: gist.updatedAt,
    description: gist.description,
    comments: 0,
    user: null,
    comments_url: `${api}/comments`,
    owner: userRef(ctx, gist.owner),
    truncated: false,
    ...(full && {
      forks: [],
      history: gist.history.map((rev) => ({
        version: rev.version,
        committed_at: rev.committedAt,
        user: userRef(ctx, rev.user),
        url: `${api}/${rev.version}`,
        change_status: {},
      })),
    }),
  };
}

function stamp(ctx: RouteContext): string {
  return ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Classic tokens need the `gist` scope to write gists; GitHub answers 404 without it. */
function writeGistRefusal(ctx: RouteContext, docs: string): FakeResponse | undefined {
  if (!ctx.caller.account || !ctx.caller.grant) return requiresAuthentication(docs);
  if (ctx.caller.grant.kind === 'classic' && !scopesOf(ctx.caller.grant).includes('gist')) return notFound(docs);
  return undefined;
}

function ownGist(ctx: RouteContext, docs: string): Gist | FakeResponse {
  const refusal = writeGistRefusal(ctx, docs);
  if (refusal) return refusal;
  const gist = ctx.world.gists.get(ctx.params.gist_id ?? '');
  if (!gist || gist.owner.toLowerCase() !== ctx.caller.account?.login.toLowerCase()) return notFound(docs);
  return gist;
}

function missingField(field: string, docs: string): FakeResponse {
  return githubError(422, 'Validation Failed', docs, { errors: [{ resource: 'Gist', code: 'missing_field', field }] });
}

function since(ctx: RouteContext, gists: Gist[]): Gist[] {
  const value = ctx.query.get('since');
  return value ? gists.filter((gist) => gist.updatedAt >= value) : gists;
}

export const gistsRoutes: GitHubRoute[] = [
  {
    method: 'GET',
    path: '/gists',
    handler: (ctx) => {
      const login = ctx.caller.account?.login;
      // Anonymous callers get every public gist; there is none but the seed's here.
      const gists = login ? ctx.world.gists.of(login) : [...ctx.world.gists.all.values()].filter((g) => g.public).reverse();
      return okPage(ctx, since(ctx, gists), (gist) => gistJson(ctx, gist, false));
    },
  },
  {
    method: 'GET',
    path: '/users/:username/gists',
    handler: (ctx) => {
      const account = ctx.world.account(ctx.params.username ?? '');
      if (!account) return notFound(DOCS.user);
      const self = ctx.caller.account?.login.toLowerCase() === account.login.toLowerCase();
      const gists = ctx.world.gists.of(account.login).filter((gist) => gist.public || self);
      return okPage(ctx, since(ctx, gists), (gist) => gistJson(ctx, gist, false));
    },
  },
  {
    method: 'GET',
    path: '/gists/:gist_id',
    handler: (ctx) => {
      // A secret gist is readable by anyone who has its id: that is what "secret" means on GitHub.
      const gist = ctx.world.gists.get(ctx.params.gist_id ?? '');
      return gist ? ok(gistJson(ctx, gist, true)) : notFound(DOCS.get);
    },
  },
  {
    method: 'POST',
    path: '/gists',
    handler: (ctx) => {
      const refusal = writeGistRefusal(ctx, DOCS.create);
      if (refusal) return refusal;
      const raw = ctx.body.files;
      if (typeof raw !== 'object' || raw === null || Object.keys(raw).length === 0) return missingField('files', DOCS.create);
      const files: Record<string, string> = {};
      for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
        const content = (value as { content?: unknown } | null)?.content;
        if (typeof content !== 'string' || content === '') return missingField('files', DOCS.create);
        files[name] = content;
      }
      const description = typeof ctx.body.description === 'string' ? ctx.body.description : null;
      const isPublic = ctx.body.public === true || ctx.body.public === 'true';
      const gist = ctx.world.gists.create({ owner: ctx.caller.account?.login ?? '', files, description, public: isPublic, at: stamp(ctx) });
      return ok(gistJson(ctx, gist, true), 201, { location: `${ctx.links.api}/gists/${gist.id}` });
    },
  },
  {
    method: 'PATCH',
    path: '/gists/:gist_id',
    handler: (ctx) => {
      const gist = ownGist(ctx, DOCS.update);
      if (isAnswer(gist)) return gist;
      const raw = ctx.body.files;
      if (raw === undefined && typeof ctx.body.description !== 'string') return missingField('files', DOCS.update);
      const next = new Map(gist.files);
      for (const [name, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
        const current = next.get(name);
        if (value === null) {
          if (!current)
            return githubError(422, 'Validation Failed', DOCS.update, {
              errors: [{ resource: 'Gist', code: 'missing_field', field: 'files' }],
            });
          next.delete(name);
          continue;
        }
        const change = value as { content?: unknown; filename?: unknown };
        const content = typeof change.content === 'string' ? change.content : current?.content;
        const filename = typeof change.filename === 'string' ? change.filename : name;
        if (content === undefined || content === '') return missingField('files', DOCS.update);
        next.delete(name);
        next.set(filename, gistFile(filename, content));
      }
      if (next.size === 0) return missingField('files', DOCS.update);
      gist.files = next;
      if (typeof ctx.body.description === 'string') gist.description = ctx.body.description;
      ctx.world.gists.revise(gist, ctx.caller.account?.login ?? gist.owner, stamp(ctx));
      return ok(gistJson(ctx, gist, true));
    },
  },
  {
    method: 'DELETE',
    path: '/gists/:gist_id',
    handler: (ctx) => {
      const gist = ownGist(ctx, DOCS.delete);
      if (isAnswer(gist)) return gist;
      ctx.world.gists.all.delete(gist.id);
      return noContent();
    },
  },
];
