import { z } from 'zod';
import { defineGitHubTool } from '../app.js';
import { pageFields, pageNote, pageOf, pageRecord } from '../client/pagination.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';
import { alertNumberField, callAlerts, locationOf, oneLine, READ } from './alert-records.js';
import { refField, repoFields } from './github-fields.js';
import { capText } from './issue-records.js';

const codeAlertRecord = z.object({
  number: z.number().int(),
  state: z.string(),
  severity: z.string().describe('Security severity (critical…low), else the rule’s (error, warning, note)'),
  rule: z.string(),
  description: z.string(),
  tool: z.string(),
  ref: z.string(),
  location: z.string(),
  message: z.string(),
  createdAt: z.string(),
  fixedAt: z.string().nullable(),
  dismissedReason: z.string().nullable(),
  htmlUrl: z.string(),
});
type CodeAlertRecord = z.infer<typeof codeAlertRecord>;

interface RawCodeAlert {
  number: number;
  state: string | null;
  created_at: string;
  fixed_at?: string | null;
  dismissed_by?: { login: string } | null;
  dismissed_reason?: string | null;
  dismissed_comment?: string | null;
  html_url: string;
  rule: {
    id?: string | null;
    name?: string;
    severity?: string | null;
    security_severity_level?: string | null;
    description?: string;
    full_description?: string;
    tags?: string[] | null;
    help?: string | null;
    help_uri?: string | null;
  };
  tool: { name?: string; version?: string | null };
  most_recent_instance: {
    ref?: string;
    commit_sha?: string;
    message?: { text?: string };
    location?: { path?: string; start_line?: number; end_line?: number };
  };
}

function toCodeAlertRecord(alert: RawCodeAlert, messageMax: number): CodeAlertRecord {
  const instance = alert.most_recent_instance;
  const tool = [alert.tool.name, alert.tool.version].filter(Boolean).join(' ');
  return {
    number: alert.number,
    state: alert.state ?? 'unknown',
    severity: alert.rule.security_severity_level ?? alert.rule.severity ?? 'none',
    rule: sanitizeName(alert.rule.id ?? alert.rule.name ?? ''),
    description: oneLine(alert.rule.description),
    tool: sanitizeName(tool),
    ref: sanitizeName(instance.ref ?? ''),
    location: sanitizeName(locationOf(instance.location?.path ?? '', instance.location?.start_line, instance.location?.end_line)),
    message: oneLine(instance.message?.text, messageMax),
    createdAt: alert.created_at,
    fixedAt: alert.fixed_at ?? null,
    dismissedReason: alert.dismissed_reason ?? null,
    htmlUrl: alert.html_url,
  };
}

/** "#2 [open] medium js/incomplete-sanitization: Incomplete string escaping or encoding — src/greet.ts:3 (CodeQL 2.19.3)" */
function codeAlertLine(alert: CodeAlertRecord): string {
  const closed = alert.dismissedReason
    ? `, dismissed: ${alert.dismissedReason}`
    : alert.fixedAt
      ? `, fixed ${alert.fixedAt.slice(0, 10)}`
      : '';
  return `#${alert.number} [${alert.state}] ${alert.severity} ${alert.rule}: ${alert.description} — ${alert.location} (${alert.tool}${closed})`;
}

export const listCodeScanningAlerts = defineGitHubTool({
  name: 'list_code_scanning_alerts',
  title: 'List code scanning alerts',
  description: 'List code scanning alerts of a repository (default branch unless ref is given).',
  toolset: 'code_security',
  input: z.strictObject({
    ...repoFields,
    state: z.enum(['open', 'closed', 'dismissed', 'fixed', 'all']).default('open'),
    severity: z.enum(['critical', 'high', 'medium', 'low', 'error', 'warning', 'note']).optional(),
    toolName: z.string().min(1).max(100).optional().describe('e.g. CodeQL'),
    ref: refField.optional().describe('Branch, or refs/pull/<n>/merge'),
    ...pageFields,
  }),
  output: z.object({ alerts: z.array(codeAlertRecord), pagination: pageRecord }),
  annotations: READ,
  async handler({ owner, repo, state, severity, toolName, ref, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callAlerts(owner, repo, 'the code scanning alerts', () =>
      app.github.rest.codeScanning.listAlertsForRepo({
        owner,
        repo,
        // GitHub takes `closed` (dismissed or fixed) and `severity` here too; Octokit's types
        // list them only for organizations.
        ...(state !== 'all' && { state: state as 'open' }),
        ...(toolName && { tool_name: toolName }),
        ...(ref && { ref }),
        ...((severity && { severity }) as object),
        page,
        per_page: perPage,
        request: { signal },
      }),
    );
    const alerts = (data as RawCodeAlert[]).map((alert) => toCodeAlertRecord(alert, 300));
    const pagination = pageOf(headers, page, perPage);
    const filters = [state === 'all' ? '' : state, severity].filter(Boolean).join(', ');
    const head =
      alerts.length === 0
        ? `No ${filters ? `${filters} ` : ''}code scanning alerts in ${owner}/${repo}${ref ? ` at ${ref}` : ''}.`
        : `${owner}/${repo} code scanning alerts${filters ? ` (${filters})` : ''}${ref ? ` at ${ref}` : ''}:`;
    return { text: [head, ...alerts.map(codeAlertLine), ...pageNote(pagination)].join('\n'), data: { alerts, pagination } };
  },
});

export const getCodeScanningAlert = defineGitHubTool({
  name: 'get_code_scanning_alert',
  title: 'Get a code scanning alert',
  description: 'Get a code scanning alert with its full message and the rule’s help.',
  toolset: 'code_security',
  input: z.strictObject({ ...repoFields, alertNumber: alertNumberField }),
  output: z.object({
    alert: codeAlertRecord,
    ruleDescription: z.string(),
    tags: z.array(z.string()),
    help: z.string(),
    helpUri: z.string().nullable(),
    commitSha: z.string(),
    dismissedBy: z.string().nullable(),
    dismissedComment: z.string().nullable(),
  }),
  annotations: READ,
  async handler({ owner, repo, alertNumber }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data } = await callAlerts(owner, repo, `code scanning alert #${alertNumber}`, () =>
      app.github.rest.codeScanning.getAlert({ owner, repo, alert_number: alertNumber, request: { signal } }),
    );
    const raw = data as RawCodeAlert;
    const alert = toCodeAlertRecord(raw, app.maxBodyChars);
    const help = capText(sanitizeUntrusted(raw.rule.help ?? ''), app.maxBodyChars, alert.htmlUrl).text;
    const result = {
      alert,
      ruleDescription: oneLine(raw.rule.full_description || raw.rule.description, 2_000),
      tags: (raw.rule.tags ?? []).map(sanitizeName),
      help,
      helpUri: raw.rule.help_uri ? sanitizeName(raw.rule.help_uri) : null,
      commitSha: sanitizeName(raw.most_recent_instance.commit_sha ?? ''),
      dismissedBy: raw.dismissed_by?.login ? sanitizeName(raw.dismissed_by.login) : null,
      dismissedComment: raw.dismissed_comment ? oneLine(raw.dismissed_comment, 1_000) : null,
    };
    const lines = [
      codeAlertLine(alert),
      alert.htmlUrl,
      `Message: ${alert.message}`,
      `Rule: ${result.ruleDescription}`,
      `At ${alert.ref} ${result.commitSha}`,
    ];
    if (result.tags.length > 0) lines.push(`Tags: ${result.tags.join(', ')}`);
    if (result.dismissedBy)
      lines.push(`Dismissed by @${result.dismissedBy}${result.dismissedComment ? `: ${result.dismissedComment}` : ''}`);
    if (result.helpUri) lines.push(`Help: ${result.helpUri}`);
    if (help) lines.push('', help);
    return { text: lines.join('\n'), data: result };
  },
});
