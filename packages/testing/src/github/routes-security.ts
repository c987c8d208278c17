import type { FakeResponse } from '../fake-upstream.js';
import { githubError, notAccessibleByToken, notFound, requiresAuthentication, validationFailed } from './github-errors.js';
import type { TokenArea } from './github-tokens.js';
import { readRefusal, scopesOf } from './github-tokens.js';
import type { GitHubRepo, RepoRole } from './github-world.js';
import { roleAtLeast } from './github-world.js';
import { okPage } from './pagination.js';
import type { GitHubRoute, RouteContext } from './route-table.js';
import { isAnswer, numberParam, ok } from './route-table.js';
import { codeScanningJson, dependabotJson, secretScanningJson } from './security-json.js';
import type { CodeScanningAlert, DependabotAlert, RepoSecurity, SecretScanningAlert } from './security-world.js';

/**
 * The REST routes for Code scanning, secret scanning and Dependabot alerts of a repository.
 *
 * Who may read them, checked in this order:
 * 1. The repository must exist for the caller (else 404), and anonymous callers get 401.
 * 2. Classic tokens need `repo` or `security_events`, or `public_repo` on a public repository, as
 *    GitHub's docs for each endpoint say; without them the fake answers 404, as it does for other
 *    missing scopes. Fine-grained tokens need the area's permission (`security_events`,
 *    `secret_scanning_alerts`, `vulnerability_alerts`) even on a public repository, since alerts
 *    are not public data: 403 "Resource not accessible by personal access token".
 * 3. The feature must be on: GitHub's own 403/404 bodies for each kind.
 * 4. The user's role: write for code scanning and Dependabot (who sees the Security tab's alerts),
 *    admin for secret scanning (the endpoint's docs). GitHub's wording for a refused role is not
 *    documented for the first two; the fake says what is missing in GitHub's usual register.
 */

const DOCS = {
  codeList: 'https://docs.github.com/rest/code-scanning/code-scanning#list-code-scanning-alerts-for-a-repository',
  codeGet: 'https://docs.github.com/rest/code-scanning/code-scanning#get-a-code-scanning-alert',
  secretList: 'https://docs.github.com/rest/secret-scanning/secret-scanning#list-secret-scanning-alerts-for-a-repository',
  secretGet: 'https://docs.github.com/rest/secret-scanning/secret-scanning#get-a-secret-scanning-alert',
  dependabotList: 'https://docs.github.com/rest/dependabot/alerts#list-dependabot-alerts-for-a-repository',
  dependabotGet: 'https://docs.github.com/rest/dependabot/alerts#get-a-dependabot-alert',
};

interface AlertKind {
  area: TokenArea;
  role: RepoRole;
  roleRefusal: string;
  /** GitHub's answer when the feature is off, or undefined when it is on. */
  off(security: RepoSecurity, repo: GitHubRepo, docs: string): FakeResponse | undefined;
}

const CODE_SCANNING: AlertKind = {
  area: 'security_events',
  role: 'write',
  roleRefusal: 'Must have write access to this repository to view code scanning alerts.',
  off: (security, repo, docs) => {
    if (repo.private && !security.features.advancedSecurity)
      return githubError(403, 'Advanced Security must be enabled for this repository to use code scanning.', docs);
    if (security.features.analysedRefs.length === 0) return githubError(404, 'no analysis found', docs);
    return undefined;
  },
};

const SECRET_SCANNING: AlertKind = {
  area: 'secret_scanning_alerts',
  role: 'admin',
  roleRefusal: 'Must have admin rights to Repository.',
  off: (security, _repo, docs) =>
    security.features.secretScanning ? undefined : githubError(404, 'Secret scanning is disabled on this repository.', docs),
};

const DEPENDABOT: AlertKind = {
  area: 'vulnerability_alerts',
  role: 'write',
  roleRefusal: 'Must have write access to this repository to view Dependabot alerts.',
  off: (security, _repo, docs) =>
    security.features.dependabotAlerts ? undefined : githubError(403, 'Dependabot alerts are disabled for this repository.', docs),
};

/** The repository and its security state if the caller may read this kind of alert; otherwise GitHub's refusal. */
function alertsOf(ctx: RouteContext, kind: AlertKind, docs: string): { repo: GitHubRepo; security: RepoSecurity } | FakeResponse {
  const repo = ctx.world.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
  if (!repo) return notFound(docs);
  const { account, grant } = ctx.caller;
  if (!account || !grant) return repo.private ? notFound(docs) : requiresAuthentication(docs);
  const role = ctx.world.access(repo, account.login);
  if (grant.kind === 'classic') {
    const scopes = scopesOf(grant);
    if (role === 'none') return notFound(docs);
    const covered = scopes.includes('repo') || scopes.includes('security_events') || (!repo.private && scopes.includes('public_repo'));
    if (!covered) return notFound(docs);
  } else {
    const refusal = readRefusal(ctx.world, ctx.caller, repo, kind.area, docs);
    if (refusal) return refusal;
    if (grant.permissions?.[kind.area] === undefined) return notAccessibleByToken(docs);
  }
  const security = ctx.world.security.of(repo);
  const off = kind.off(security, repo, docs);
  if (off) return off;
  if (!roleAtLeast(role, kind.role)) return githubError(403, kind.roleRefusal, docs);
  return { repo, security };
}

function invalidParam(name: string, docs: string): FakeResponse {
  return validationFailed([{ resource: 'Search', field: name, code: 'invalid' }], docs);
}

/** A comma-separated filter (`state=open,fixed`), lower-cased; undefined when absent. */
function listParam(ctx: RouteContext, name: string): string[] | undefined {
  const raw = ctx.query.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  return raw
    .split(',')
    .map((value) => value.trim().toLowerCase())
    .filter(Boolean);
}

function sorted<T extends { createdAt: string; updatedAt: string; number: number }>(
  ctx: RouteContext,
  items: T[],
  keys: readonly string[],
): T[] | undefined {
  const sort = ctx.query.get('sort') ?? 'created';
  const direction = ctx.query.get('direction') ?? 'desc';
  if (!keys.includes(sort) || !['asc', 'desc'].includes(direction)) return undefined;
  const key = (item: T) =>
    sort === 'updated' ? item.updatedAt : sort === 'number' ? String(item.number).padStart(10, '0') : item.createdAt;
  const order = [...items].sort((a, b) => key(a).localeCompare(key(b)) || a.number - b.number);
  return direction === 'desc' ? order.reverse() : order;
}

function listCodeScanning(ctx: RouteContext): FakeResponse {
  const found = alertsOf(ctx, CODE_SCANNING, DOCS.codeList);
  if (isAnswer(found)) return found;
  const { repo, security } = found;
  const state = ctx.query.get('state');
  if (state !== null && !['open', 'closed', 'dismissed', 'fixed'].includes(state)) return invalidParam('state', DOCS.codeList);
  const severity = ctx.query.get('severity');
  if (severity !== null && !['critical', 'high', 'medium', 'low', 'warning', 'note', 'error'].includes(severity))
    return invalidParam('severity', DOCS.codeList);
  const rawRef = ctx.query.get('ref') ?? repo.defaultBranch;
  const ref = rawRef.startsWith('refs/') ? rawRef : `refs/heads/${rawRef}`;
  // A branch code scanning never analysed has no results, which GitHub says as it does for a repository.
  if (!security.features.analysedRefs.includes(ref)) return githubError(404, 'no analysis found', DOCS.codeList);
  const tool = ctx.query.get('tool_name');
  const alerts = security.codeScanning.filter(
    (alert: CodeScanningAlert) =>
      alert.instance.ref === ref &&
      (state === null || alert.state === state || (state === 'closed' && alert.state !== 'open')) &&
      (severity === null || alert.rule.securitySeverityLevel === severity || alert.rule.severity === severity) &&
      (tool === null || alert.tool.name.toLowerCase() === tool.toLowerCase()),
  );
  const order = sorted(ctx, alerts, ['created', 'updated', 'number']);
  if (!order) return invalidParam('sort', DOCS.codeList);
  return okPage(ctx, order, (alert) => codeScanningJson(ctx, repo, alert, false));
}

function getCodeScanning(ctx: RouteContext): FakeResponse {
  const found = alertsOf(ctx, CODE_SCANNING, DOCS.codeGet);
  if (isAnswer(found)) return found;
  const alert = found.security.codeScanning.find((candidate) => candidate.number === numberParam(ctx, 'alert_number'));
  return alert ? ok(codeScanningJson(ctx, found.repo, alert, true)) : notFound(DOCS.codeGet);
}

const SECRET_STATES = ['open', 'resolved'];
const RESOLUTIONS = ['false_positive', 'wont_fix', 'revoked', 'used_in_tests', 'pattern_edited', 'pattern_deleted'];

function listSecretScanning(ctx: RouteContext): FakeResponse {
  const found = alertsOf(ctx, SECRET_SCANNING, DOCS.secretList);
  if (isAnswer(found)) return found;
  const state = ctx.query.get('state');
  if (state !== null && !SECRET_STATES.includes(state)) return invalidParam('state', DOCS.secretList);
  const resolutions = listParam(ctx, 'resolution');
  if (resolutions?.some((value) => !RESOLUTIONS.includes(value))) return invalidParam('resolution', DOCS.secretList);
  const types = listParam(ctx, 'secret_type');
  const alerts = found.security.secretScanning.filter(
    (alert: SecretScanningAlert) =>
      (state === null || alert.state === state) &&
      (resolutions === undefined || (alert.resolution !== null && resolutions.includes(alert.resolution))) &&
      (types === undefined || types.includes(alert.secretType)),
  );
  const order = sorted(ctx, alerts, ['created', 'updated']);
  if (!order) return invalidParam('sort', DOCS.secretList);
  const hide = ctx.query.get('hide_secret') === 'true';
  return okPage(ctx, order, (alert) => secretScanningJson(ctx, found.repo, alert, hide));
}

function getSecretScanning(ctx: RouteContext): FakeResponse {
  const found = alertsOf(ctx, SECRET_SCANNING, DOCS.secretGet);
  if (isAnswer(found)) return found;
  const alert = found.security.secretScanning.find((candidate) => candidate.number === numberParam(ctx, 'alert_number'));
  if (!alert) return notFound(DOCS.secretGet);
  return ok(secretScanningJson(ctx, found.repo, alert, ctx.query.get('hide_secret') === 'true'));
}

const DEPENDABOT_FILTERS = {
  state: ['auto_dismissed', 'dismissed', 'fixed', 'open'],
  severity: ['low', 'medium', 'high', 'critical'],
  ecosystem: ['composer', 'go', 'maven', 'npm', 'nuget', 'pip', 'pub', 'rubygems', 'rust'],
} as const;

/** Dependabot's opaque cursors: base64 of `cursor:v2:` and the alert number they point at. */
const cursorOf = (alert: DependabotAlert) => Buffer.from(`cursor:v2:${alert.number}`).toString('base64');

function cursorTarget(cursor: string): number | undefined {
  const decoded = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'))?.[1];
  return decoded === undefined ? undefined : Number(decoded);
}

/**
 * Dependabot lists page by cursor only: `per_page` with `after` or `before`, and a Link header
 * whose next and prev URLs carry them. `page` is refused with a 400, as GitHub has done since 2025.
 */
function listDependabot(ctx: RouteContext): FakeResponse {
  const docs = DOCS.dependabotList;
  const found = alertsOf(ctx, DEPENDABOT, docs);
  if (isAnswer(found)) return found;
  if (ctx.query.has('page')) return githubError(400, 'Pagination using the `page` parameter is not supported.', docs);
  const filters: Record<string, string[] | undefined> = {};
  for (const [name, allowed] of Object.entries(DEPENDABOT_FILTERS)) {
    const values = listParam(ctx, name);
    if (values?.some((value) => !(allowed as readonly string[]).includes(value))) return invalidParam(name, docs);
    filters[name] = values;
  }
  const scope = ctx.query.get('scope');
  if (scope !== null && !['development', 'runtime'].includes(scope)) return invalidParam('scope', docs);
  const packages = listParam(ctx, 'package');
  const manifests = ctx.query
    .get('manifest')
    ?.split(',')
    .map((value) => value.trim());
  const alerts = found.security.dependabot.filter(
    (alert) =>
      (filters.state === undefined || filters.state.includes(alert.state)) &&
      (filters.severity === undefined || filters.severity.includes(alert.advisory.severity)) &&
      (filters.ecosystem === undefined || filters.ecosystem.includes(alert.package.ecosystem)) &&
      (packages === undefined || packages.includes(alert.package.name.toLowerCase())) &&
      (manifests === undefined || manifests.includes(alert.manifestPath)) &&
      (scope === null || alert.scope === scope),
  );
  const order = sorted(ctx, alerts, ['created', 'updated', 'epss_percentage']);
  if (!order) return invalidParam('sort', docs);
  const perPageRaw = Number.parseInt(ctx.query.get('per_page') ?? '', 10);
  const perPage = Number.isFinite(perPageRaw) && perPageRaw > 0 ? Math.min(perPageRaw, 100) : 30;
  const after = ctx.query.get('after');
  const before = ctx.query.get('before');
  let start = 0;
  let end = Math.min(perPage, order.length);
  if (after !== null || before !== null) {
    const target = cursorTarget(after ?? before ?? '');
    const index = order.findIndex((alert) => alert.number === target);
    if (index < 0) return githubError(400, 'Invalid cursor', docs);
    if (after !== null) {
      start = index + 1;
      end = Math.min(start + perPage, order.length);
    } else {
      end = index;
      start = Math.max(0, end - perPage);
    }
  }
  const items = order.slice(start, end);
  const link = (key: 'after' | 'before', alert: DependabotAlert) => {
    const params = new URLSearchParams(ctx.query);
    params.delete('after');
    params.delete('before');
    params.set(key, cursorOf(alert));
    return `<${ctx.selfUrl}?${params.toString()}>`;
  };
  const links: string[] = [];
  const first = items[0];
  const last = items[items.length - 1];
  if (first && start > 0) links.push(`${link('before', first)}; rel="prev"`);
  if (last && end < order.length) links.push(`${link('after', last)}; rel="next"`);
  return ok(
    items.map((alert) => dependabotJson(ctx, found.repo, alert)),
    200,
    links.length > 0 ? { link: links.join(', ') } : {},
  );
}

function getDependabot(ctx: RouteContext): FakeResponse {
  const found = alertsOf(ctx, DEPENDABOT, DOCS.dependabotGet);
  if (isAnswer(found)) return found;
  const alert = found.security.dependabot.find((candidate) => candidate.number === numberParam(ctx, 'alert_number'));
  return alert ? ok(dependabotJson(ctx, found.repo, alert)) : notFound(DOCS.dependabotGet);
}

export const securityRoutes: GitHubRoute[] = [
  { method: 'GET', path: '/repos/:owner/:repo/code-scanning/alerts', handler: listCodeScanning },
  { method: 'GET', path: '/repos/:owner/:repo/code-scanning/alerts/:alert_number', handler: getCodeScanning },
  { method: 'GET', path: '/repos/:owner/:repo/secret-scanning/alerts', handler: listSecretScanning },
  { method: 'GET', path: '/repos/:owner/:repo/secret-scanning/alerts/:alert_number', handler: getSecretScanning },
  { method: 'GET', path: '/repos/:owner/:repo/dependabot/alerts', handler: listDependabot },
  { method: 'GET', path: '/repos/:owner/:repo/dependabot/alerts/:alert_number', handler: getDependabot },
];
