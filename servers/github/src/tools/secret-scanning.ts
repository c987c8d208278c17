import { z } from 'zod';
import { defineGitHubTool } from '../app.js';
import { pageFields, pageNote, pageOf, pageRecord } from '../client/pagination.js';
import { sanitizeName } from '../safety/sanitize-text.js';
import { alertNumberField, callAlerts, locationOf, oneLine, READ } from './alert-records.js';
import { repoFields } from './github-fields.js';

/**
 * Secret scanning alerts without their secrets. The leaked value never reaches the client, not
 * even in part:
 * - every request asks GitHub for `hide_secret=true`, so the value does not even enter this
 *   process (its logs, caches, error messages); the records below have no field for it;
 * - a GitHub that ignores the parameter (an older Enterprise Server) still sends it: then every
 *   occurrence in the other fields is replaced before anything is shown;
 * - the one free text, the resolution comment, is where people paste the value ("rotated
 *   AKIA…"); since the value is hidden from us, credential-looking runs are replaced there.
 * Not a masked prefix either: the type already says what the secret is (for GitHub tokens the
 * prefix *is* the type), while for a custom pattern or a password the first characters are a real
 * part of a short secret. Whoever must see the value can open the alert on GitHub, where access to
 * it is checked and audited.
 */

const RESOLUTIONS = ['false_positive', 'wont_fix', 'revoked', 'used_in_tests', 'pattern_edited', 'pattern_deleted'] as const;

const secretAlertRecord = z.object({
  number: z.number().int(),
  state: z.string(),
  secretType: z.string(),
  secretTypeDisplayName: z.string(),
  resolution: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  pushProtectionBypassed: z.boolean(),
  validity: z.string().nullable(),
  publiclyLeaked: z.boolean(),
  location: z.string().nullable(),
  createdAt: z.string(),
  htmlUrl: z.string(),
});
type SecretAlertRecord = z.infer<typeof secretAlertRecord>;

interface RawSecretAlert {
  number?: number;
  state?: string;
  secret_type?: string;
  secret_type_display_name?: string;
  /** Read only to take it out of other fields. */
  secret?: string;
  resolution?: string | null;
  resolved_at?: string | null;
  resolved_by?: { login: string } | null;
  resolution_comment?: string | null;
  push_protection_bypassed?: boolean | null;
  push_protection_bypassed_by?: { login: string } | null;
  push_protection_bypassed_at?: string | null;
  validity?: string | null;
  publicly_leaked?: boolean | null;
  first_location_detected?: { path?: string; start_line?: number; end_line?: number; commit_sha?: string } | null;
  created_at?: string;
  html_url?: string;
}

/** `text` with every occurrence of the alert's secret (should GitHub have sent it) replaced. */
function withoutSecret(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join('[secret]') : text;
}

/**
 * Free text with every run that looks like a credential replaced: 16 or more token characters
 * holding both letters and digits (access keys, tokens, hex and base64 keys). A commit sha
 * quoted in a comment goes too; that loss is the price of never passing a pasted key on.
 */
function withoutCredentials(text: string): string {
  return text.replace(/[A-Za-z0-9_+/=-]{16,}/g, (run) => (/[0-9]/.test(run) && /[A-Za-z]/.test(run) ? '[redacted]' : run));
}

/** The resolution comment, redacted once its hidden characters are gone (they could split a key) and before it is cut. */
function commentOf(alert: RawSecretAlert): string | null {
  if (!alert.resolution_comment) return null;
  const visible = oneLine(withoutSecret(alert.resolution_comment, alert.secret), Number.POSITIVE_INFINITY);
  return oneLine(withoutCredentials(visible), 1_000);
}

function toSecretAlertRecord(alert: RawSecretAlert): SecretAlertRecord {
  const where = alert.first_location_detected;
  // Taken out before sanitizing or cutting, which could leave part of it behind.
  const name = (value: string | undefined) => sanitizeName(withoutSecret(value ?? '', alert.secret));
  return {
    number: alert.number ?? 0,
    state: alert.state ?? 'unknown',
    secretType: name(alert.secret_type),
    secretTypeDisplayName: name(alert.secret_type_display_name ?? alert.secret_type),
    resolution: alert.resolution ?? null,
    resolvedAt: alert.resolved_at ?? null,
    resolvedBy: alert.resolved_by?.login ? sanitizeName(alert.resolved_by.login) : null,
    pushProtectionBypassed: alert.push_protection_bypassed === true,
    validity: alert.validity ?? null,
    publiclyLeaked: alert.publicly_leaked === true,
    location: where?.path ? name(locationOf(where.path, where.start_line, where.end_line)) : null,
    createdAt: alert.created_at ?? '',
    htmlUrl: alert.html_url ?? '',
  };
}

/** "#1 [open] GitHub Personal Access Token (github_personal_access_token) in scripts/deploy.sh:4, validity active, push protection bypassed" */
function secretAlertLine(alert: SecretAlertRecord): string {
  const notes = [
    alert.resolution && `resolved as ${alert.resolution}${alert.resolvedBy ? ` by @${alert.resolvedBy}` : ''}`,
    alert.validity && `validity ${alert.validity}`,
    alert.pushProtectionBypassed && 'push protection bypassed',
    alert.publiclyLeaked && 'publicly leaked',
  ].filter(Boolean);
  const where = alert.location ? ` in ${alert.location}` : '';
  return `#${alert.number} [${alert.state}] ${alert.secretTypeDisplayName} (${alert.secretType})${where}${notes.length > 0 ? `, ${notes.join(', ')}` : ''}`;
}

export const listSecretScanningAlerts = defineGitHubTool({
  name: 'list_secret_scanning_alerts',
  title: 'List secret scanning alerts',
  description: 'List secret scanning alerts of a repository: type and place of each leak, never the secret.',
  toolset: 'secret_protection',
  input: z.strictObject({
    ...repoFields,
    state: z.enum(['open', 'resolved']).optional(),
    secretType: z.string().min(1).max(500).optional().describe('Comma-separated, e.g. github_personal_access_token'),
    resolution: z.enum(RESOLUTIONS).optional(),
    ...pageFields,
  }),
  output: z.object({ alerts: z.array(secretAlertRecord), pagination: pageRecord }),
  annotations: READ,
  async handler({ owner, repo, state, secretType, resolution, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callAlerts(owner, repo, 'the secret scanning alerts', () =>
      app.github.rest.secretScanning.listAlertsForRepo({
        owner,
        repo,
        ...(state && { state }),
        ...(secretType && { secret_type: secretType }),
        ...(resolution && { resolution }),
        hide_secret: true,
        page,
        per_page: perPage,
        request: { signal },
      }),
    );
    const alerts = (data as RawSecretAlert[]).map(toSecretAlertRecord);
    const pagination = pageOf(headers, page, perPage);
    const head =
      alerts.length === 0
        ? `No ${state ? `${state} ` : ''}secret scanning alerts in ${owner}/${repo} match.`
        : `${owner}/${repo} secret scanning alerts${state ? ` (${state})` : ''}:`;
    return { text: [head, ...alerts.map(secretAlertLine), ...pageNote(pagination)].join('\n'), data: { alerts, pagination } };
  },
});

export const getSecretScanningAlert = defineGitHubTool({
  name: 'get_secret_scanning_alert',
  title: 'Get a secret scanning alert',
  description: 'Get a secret scanning alert: type, where it was found, resolution and push-protection bypass; never the secret.',
  toolset: 'secret_protection',
  input: z.strictObject({ ...repoFields, alertNumber: alertNumberField }),
  output: z.object({
    alert: secretAlertRecord,
    resolutionComment: z.string().nullable(),
    pushProtectionBypassedBy: z.string().nullable(),
    pushProtectionBypassedAt: z.string().nullable(),
    commitSha: z.string().nullable(),
  }),
  annotations: READ,
  async handler({ owner, repo, alertNumber }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data } = await callAlerts(owner, repo, `secret scanning alert #${alertNumber}`, () =>
      app.github.rest.secretScanning.getAlert({ owner, repo, alert_number: alertNumber, hide_secret: true, request: { signal } }),
    );
    const raw = data as RawSecretAlert;
    const alert = toSecretAlertRecord(raw);
    const result = {
      alert,
      resolutionComment: commentOf(raw),
      pushProtectionBypassedBy: raw.push_protection_bypassed_by?.login ? sanitizeName(raw.push_protection_bypassed_by.login) : null,
      pushProtectionBypassedAt: raw.push_protection_bypassed_at ?? null,
      commitSha: raw.first_location_detected?.commit_sha ? sanitizeName(raw.first_location_detected.commit_sha) : null,
    };
    const lines = [
      secretAlertLine(alert),
      alert.htmlUrl,
      `Found ${alert.createdAt}${result.commitSha ? ` in commit ${result.commitSha}` : ''}`,
    ];
    if (result.pushProtectionBypassedBy)
      lines.push(
        `Push protection bypassed by @${result.pushProtectionBypassedBy} at ${result.pushProtectionBypassedAt ?? 'an unknown time'}`,
      );
    if (alert.resolvedAt) lines.push(`Resolved ${alert.resolvedAt}${result.resolutionComment ? `: ${result.resolutionComment}` : ''}`);
    lines.push('The secret itself is not shown; open the alert on GitHub to see it.');
    return { text: lines.join('\n'), data: result };
  },
});
