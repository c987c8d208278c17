import { userRef } from './github-records.js';
import type { GitHubRepo } from './github-world.js';
import { fullName } from './github-world.js';
import type { RouteContext } from './route-table.js';
import type { CodeScanningAlert, DependabotAlert, SecretScanningAlert } from './security-world.js';

/**
 * JSON shapes of the three kinds of alert, field for field as the REST API (2022-11-28) writes
 * them, with every URL pointing back at the fake.
 */

const api = (ctx: RouteContext, repo: GitHubRepo) => `${ctx.links.api}/repos/${fullName(repo)}`;
const web = (ctx: RouteContext, repo: GitHubRepo) => `${ctx.links.web}/${fullName(repo)}`;

/** A list item carries the rule's summary; one alert carries its full description and help too. */
export function codeScanningJson(ctx: RouteContext, repo: GitHubRepo, alert: CodeScanningAlert, full: boolean): Record<string, unknown> {
  const url = `${api(ctx, repo)}/code-scanning/alerts/${alert.number}`;
  const { rule, instance } = alert;
  return {
    number: alert.number,
    created_at: alert.createdAt,
    updated_at: alert.updatedAt,
    url,
    html_url: `${web(ctx, repo)}/security/code-scanning/${alert.number}`,
    state: alert.state,
    fixed_at: alert.fixedAt,
    dismissed_by: userRef(ctx, alert.dismissedBy),
    dismissed_at: alert.dismissedAt,
    dismissed_reason: alert.dismissedReason,
    dismissed_comment: alert.dismissedComment,
    rule: {
      id: rule.id,
      severity: rule.severity,
      description: rule.description,
      name: rule.name,
      tags: rule.tags,
      security_severity_level: rule.securitySeverityLevel,
      ...(full && { full_description: rule.fullDescription, help: rule.help, help_uri: rule.helpUri }),
    },
    tool: alert.tool,
    most_recent_instance: {
      ref: instance.ref,
      analysis_key: instance.analysisKey,
      environment: '{}',
      category: instance.category,
      state: alert.state,
      commit_sha: instance.commitSha,
      message: { text: instance.message },
      location: {
        path: instance.location.path,
        start_line: instance.location.startLine,
        end_line: instance.location.endLine,
        start_column: instance.location.startColumn,
        end_column: instance.location.endColumn,
      },
      classifications: instance.location.path.includes('.test.') ? ['test'] : [],
    },
    instances_url: `${url}/instances`,
    dismissal_approved_by: null,
    assignees: [],
  };
}

/** `hide_secret=true` leaves the literal out, as GitHub does since 2025. */
export function secretScanningJson(
  ctx: RouteContext,
  repo: GitHubRepo,
  alert: SecretScanningAlert,
  hideSecret: boolean,
): Record<string, unknown> {
  const url = `${api(ctx, repo)}/secret-scanning/alerts/${alert.number}`;
  const { location } = alert;
  return {
    number: alert.number,
    created_at: alert.createdAt,
    updated_at: alert.updatedAt,
    url,
    html_url: `${web(ctx, repo)}/security/secret-scanning/${alert.number}`,
    locations_url: `${url}/locations`,
    state: alert.state,
    secret_type: alert.secretType,
    secret_type_display_name: alert.secretTypeDisplayName,
    ...(!hideSecret && { secret: alert.secret }),
    resolution: alert.resolution,
    resolved_by: userRef(ctx, alert.resolvedBy),
    resolved_at: alert.resolvedAt,
    resolution_comment: alert.resolutionComment,
    push_protection_bypassed: alert.pushProtectionBypassed,
    push_protection_bypassed_by: userRef(ctx, alert.pushProtectionBypassedBy),
    push_protection_bypassed_at: alert.pushProtectionBypassedAt,
    push_protection_bypass_request_reviewer: null,
    push_protection_bypass_request_reviewer_comment: null,
    push_protection_bypass_request_comment: null,
    push_protection_bypass_request_html_url: null,
    validity: alert.validity,
    publicly_leaked: alert.publiclyLeaked,
    multi_repo: alert.multiRepo,
    is_base64_encoded: false,
    first_location_detected: {
      path: location.path,
      start_line: location.startLine,
      end_line: location.endLine,
      start_column: location.startColumn,
      end_column: location.endColumn,
      blob_sha: location.commitSha.split('').reverse().join(''),
      blob_url: `${api(ctx, repo)}/git/blobs/${location.commitSha.split('').reverse().join('')}`,
      commit_sha: location.commitSha,
      commit_url: `${api(ctx, repo)}/git/commits/${location.commitSha}`,
    },
    has_more_locations: false,
  };
}

function packageJson(alert: DependabotAlert): Record<string, unknown> {
  return { ecosystem: alert.package.ecosystem, name: alert.package.name };
}

export function dependabotJson(ctx: RouteContext, repo: GitHubRepo, alert: DependabotAlert): Record<string, unknown> {
  const { advisory } = alert;
  const vulnerability = {
    package: packageJson(alert),
    severity: advisory.severity,
    vulnerable_version_range: alert.vulnerableVersionRange,
    first_patched_version: alert.firstPatchedVersion === null ? null : { identifier: alert.firstPatchedVersion },
  };
  const cvss = { vector_string: advisory.cvss.vectorString, score: advisory.cvss.score };
  return {
    number: alert.number,
    state: alert.state,
    dependency: {
      package: packageJson(alert),
      manifest_path: alert.manifestPath,
      scope: alert.scope,
      relationship: alert.relationship,
    },
    security_advisory: {
      ghsa_id: advisory.ghsaId,
      cve_id: advisory.cveId,
      summary: advisory.summary,
      description: advisory.description,
      vulnerabilities: [vulnerability],
      severity: advisory.severity,
      cvss,
      cvss_severities: { cvss_v3: cvss, cvss_v4: { vector_string: null, score: 0 } },
      epss: [{ percentage: 0.00045, percentile: '0.16' }],
      cwes: advisory.cwes.map((cwe) => ({ cwe_id: cwe.cweId, name: cwe.name })),
      identifiers: [{ value: advisory.ghsaId, type: 'GHSA' }, ...(advisory.cveId ? [{ value: advisory.cveId, type: 'CVE' }] : [])],
      references: advisory.references.map((url) => ({ url })),
      published_at: advisory.publishedAt,
      updated_at: advisory.updatedAt,
      withdrawn_at: null,
    },
    security_vulnerability: vulnerability,
    url: `${api(ctx, repo)}/dependabot/alerts/${alert.number}`,
    html_url: `${web(ctx, repo)}/security/dependabot/${alert.number}`,
    created_at: alert.createdAt,
    updated_at: alert.updatedAt,
    dismissed_at: alert.dismissedAt,
    dismissed_by: userRef(ctx, alert.dismissedBy),
    dismissed_reason: alert.dismissedReason,
    dismissed_comment: alert.dismissedComment,
    fixed_at: alert.fixedAt,
    auto_dismissed_at: alert.autoDismissedAt,
  };
}
