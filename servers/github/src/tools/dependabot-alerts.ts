import { z } from 'zod';
import { defineGitHubTool } from '../app.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';
import { alertNumberField, callAlerts, oneLine, READ } from './alert-records.js';
import { repoFields } from './github-fields.js';
import { capText } from './issue-records.js';

// Dependabot lists page by cursor only: GitHub answers `page` with a 400, so these tools take
// `after` (the cursor a previous answer gave) and never send a page number. Newest first, as
// GitHub sorts by default; no sort arguments, to keep the listing lean.

const dependabotAlertRecord = z.object({
  number: z.number().int(),
  state: z.string(),
  severity: z.string(),
  package: z.string(),
  ecosystem: z.string(),
  manifestPath: z.string(),
  scope: z.string().nullable(),
  ghsaId: z.string(),
  cveId: z.string().nullable(),
  summary: z.string(),
  vulnerableVersionRange: z.string(),
  firstPatchedVersion: z.string().nullable(),
  createdAt: z.string(),
  dismissedReason: z.string().nullable(),
  fixedAt: z.string().nullable(),
  htmlUrl: z.string(),
});
type DependabotAlertRecord = z.infer<typeof dependabotAlertRecord>;

interface RawDependabotAlert {
  number: number;
  state: string;
  dependency?: { package?: { ecosystem?: string; name?: string }; manifest_path?: string; scope?: string | null };
  security_advisory?: {
    ghsa_id?: string;
    cve_id?: string | null;
    summary?: string;
    description?: string;
    severity?: string;
    cvss?: { score?: number | null; vector_string?: string | null } | null;
    cwes?: ReadonlyArray<{ cwe_id?: string }> | null;
    references?: ReadonlyArray<{ url?: string }> | null;
    published_at?: string;
  };
  security_vulnerability?: {
    severity?: string;
    vulnerable_version_range?: string;
    first_patched_version?: { identifier?: string } | null;
  };
  created_at: string;
  dismissed_by?: { login: string } | null;
  dismissed_reason?: string | null;
  dismissed_comment?: string | null;
  fixed_at?: string | null;
  html_url: string;
}

function toDependabotRecord(alert: RawDependabotAlert): DependabotAlertRecord {
  const advisory = alert.security_advisory ?? {};
  const vulnerability = alert.security_vulnerability ?? {};
  return {
    number: alert.number,
    state: alert.state,
    severity: vulnerability.severity ?? advisory.severity ?? 'unknown',
    package: sanitizeName(alert.dependency?.package?.name ?? ''),
    ecosystem: sanitizeName(alert.dependency?.package?.ecosystem ?? ''),
    manifestPath: sanitizeName(alert.dependency?.manifest_path ?? ''),
    scope: alert.dependency?.scope ?? null,
    ghsaId: sanitizeName(advisory.ghsa_id ?? ''),
    cveId: advisory.cve_id ? sanitizeName(advisory.cve_id) : null,
    summary: oneLine(advisory.summary),
    vulnerableVersionRange: sanitizeName(vulnerability.vulnerable_version_range ?? ''),
    firstPatchedVersion: vulnerability.first_patched_version?.identifier
      ? sanitizeName(vulnerability.first_patched_version.identifier)
      : null,
    createdAt: alert.created_at,
    dismissedReason: alert.dismissed_reason ?? null,
    fixedAt: alert.fixed_at ?? null,
    htmlUrl: alert.html_url,
  };
}

/** "#1 [open] high npm lodash (package-lock.json, runtime): Command Injection in lodash — GHSA-…, CVE-…; vulnerable < 4.17.21, patched in 4.17.21" */
function dependabotLine(alert: DependabotAlertRecord): string {
  const ids = [alert.ghsaId, alert.cveId].filter(Boolean).join(', ');
  const where = [alert.manifestPath, alert.scope].filter(Boolean).join(', ');
  const fix = alert.firstPatchedVersion ? `patched in ${alert.firstPatchedVersion}` : 'no patched version';
  const closed = alert.dismissedReason
    ? `; dismissed: ${alert.dismissedReason}`
    : alert.fixedAt
      ? `; fixed ${alert.fixedAt.slice(0, 10)}`
      : '';
  return `#${alert.number} [${alert.state}] ${alert.severity} ${alert.ecosystem} ${alert.package} (${where}): ${alert.summary} — ${ids}; vulnerable ${alert.vulnerableVersionRange}, ${fix}${closed}`;
}

const cursorField = z
  .string()
  .min(1)
  .max(200)
  .refine((cursor) => /^[A-Za-z0-9+/=_-]+$/.test(cursor), 'a cursor from a previous answer’s pagination.nextCursor');

const cursorRecord = z.object({
  perPage: z.number().int(),
  hasMore: z.boolean(),
  nextCursor: z.string().nullable().describe('Pass as after for the next page'),
});

/** The `after` cursor of the Link header's next URL, if there is one. */
function nextCursorOf(link: string | undefined): string | null {
  const next = /<([^>]*)>;\s*rel="next"/.exec(link ?? '')?.[1];
  if (!next) return null;
  try {
    return new URL(next).searchParams.get('after');
  } catch {
    return null;
  }
}

export const listDependabotAlerts = defineGitHubTool({
  name: 'list_dependabot_alerts',
  title: 'List Dependabot alerts',
  description: 'List Dependabot alerts of a repository: vulnerable dependencies with advisory and fix version.',
  toolset: 'dependabot',
  input: z.strictObject({
    ...repoFields,
    state: z.enum(['open', 'fixed', 'dismissed', 'auto_dismissed', 'all']).default('open'),
    severity: z.enum(['critical', 'high', 'medium', 'low']).optional(),
    ecosystem: z.enum(['composer', 'go', 'maven', 'npm', 'nuget', 'pip', 'pub', 'rubygems', 'rust']).optional(),
    package: z.string().min(1).max(214).optional(),
    scope: z.enum(['runtime', 'development']).optional(),
    perPage: z.number().int().min(1).max(100).default(30),
    after: cursorField.optional(),
  }),
  output: z.object({ alerts: z.array(dependabotAlertRecord), pagination: cursorRecord }),
  annotations: READ,
  async handler({ owner, repo, state, severity, ecosystem, package: name, scope, perPage, after }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callAlerts(owner, repo, 'the Dependabot alerts', () =>
      app.github.rest.dependabot.listAlertsForRepo({
        owner,
        repo,
        ...(state !== 'all' && { state }),
        ...(severity && { severity }),
        ...(ecosystem && { ecosystem }),
        ...(name && { package: name }),
        ...(scope && { scope }),
        per_page: perPage,
        ...(after && { after }),
        request: { signal },
      }),
    );
    const alerts = (data as RawDependabotAlert[]).map(toDependabotRecord);
    const nextCursor = nextCursorOf(headers.link);
    const pagination = { perPage, hasMore: nextCursor !== null, nextCursor };
    const filters = [state === 'all' ? '' : state, severity, ecosystem, name, scope].filter(Boolean).join(', ');
    const head =
      alerts.length === 0
        ? `No ${filters ? `${filters} ` : ''}Dependabot alerts in ${owner}/${repo}.`
        : `${owner}/${repo} Dependabot alerts${filters ? ` (${filters})` : ''}:`;
    const lines = [head, ...alerts.map(dependabotLine)];
    if (nextCursor) lines.push(`More alerts follow — call again with after "${nextCursor}".`);
    return { text: lines.join('\n'), data: { alerts, pagination } };
  },
});

export const getDependabotAlert = defineGitHubTool({
  name: 'get_dependabot_alert',
  title: 'Get a Dependabot alert',
  description: 'Get a Dependabot alert with its advisory’s description, CVSS and CWEs.',
  toolset: 'dependabot',
  input: z.strictObject({ ...repoFields, alertNumber: alertNumberField }),
  output: z.object({
    alert: dependabotAlertRecord,
    description: z.string(),
    cvssScore: z.number().nullable(),
    cvssVector: z.string().nullable(),
    cwes: z.array(z.string()),
    references: z.array(z.string()),
    publishedAt: z.string().nullable(),
    dismissedBy: z.string().nullable(),
    dismissedComment: z.string().nullable(),
  }),
  annotations: READ,
  async handler({ owner, repo, alertNumber }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data } = await callAlerts(owner, repo, `Dependabot alert #${alertNumber}`, () =>
      app.github.rest.dependabot.getAlert({ owner, repo, alert_number: alertNumber, request: { signal } }),
    );
    const raw = data as RawDependabotAlert;
    const alert = toDependabotRecord(raw);
    const advisory = raw.security_advisory ?? {};
    const score = advisory.cvss?.score;
    const result = {
      alert,
      // Advisories are Markdown anyone may propose to the Advisory Database: sanitized, and capped.
      description: capText(sanitizeUntrusted(advisory.description ?? ''), app.maxBodyChars, alert.htmlUrl).text,
      cvssScore: typeof score === 'number' && score > 0 ? score : null,
      cvssVector: advisory.cvss?.vector_string ? sanitizeName(advisory.cvss.vector_string) : null,
      cwes: (advisory.cwes ?? []).flatMap((cwe) => (cwe.cwe_id ? [sanitizeName(cwe.cwe_id)] : [])),
      references: (advisory.references ?? []).slice(0, 10).flatMap((ref) => (ref.url ? [sanitizeName(ref.url)] : [])),
      publishedAt: advisory.published_at ?? null,
      dismissedBy: raw.dismissed_by?.login ? sanitizeName(raw.dismissed_by.login) : null,
      dismissedComment: raw.dismissed_comment ? oneLine(raw.dismissed_comment, 1_000) : null,
    };
    const lines = [dependabotLine(alert), alert.htmlUrl];
    if (result.cvssScore !== null) lines.push(`CVSS ${result.cvssScore}${result.cvssVector ? ` (${result.cvssVector})` : ''}`);
    if (result.cwes.length > 0) lines.push(`CWE: ${result.cwes.join(', ')}`);
    if (result.dismissedBy)
      lines.push(`Dismissed by @${result.dismissedBy}${result.dismissedComment ? `: ${result.dismissedComment}` : ''}`);
    lines.push('', result.description || '(no description)');
    if (result.references.length > 0) lines.push('', 'References:', ...result.references);
    return { text: lines.join('\n'), data: result };
  },
});
