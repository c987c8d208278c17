import type { GitHubRepo } from './github-world.js';

/**
 * The fake GitHub's state for Code scanning, secret scanning and Dependabot alerts, per repository.
 * Each kind numbers its alerts on its own (code scanning #1 and Dependabot #1 are different alerts),
 * as on GitHub, and each feature can be off, which GitHub answers with its own 403 or 404.
 */

/** Which features a repository has, and what code scanning has analysed. */
export interface SecurityFeatures {
  /** GitHub Advanced Security (Code Security); private repositories need it for code scanning. */
  advancedSecurity: boolean;
  /** Refs with a code scanning analysis (`refs/heads/main`); none means "no analysis found". */
  analysedRefs: string[];
  secretScanning: boolean;
  dependabotAlerts: boolean;
}

export interface CodeScanningRule {
  id: string;
  name: string;
  severity: 'none' | 'note' | 'warning' | 'error';
  securitySeverityLevel: 'low' | 'medium' | 'high' | 'critical' | null;
  description: string;
  fullDescription: string;
  tags: string[];
  /** Markdown. */
  help: string | null;
  helpUri: string | null;
}

export interface CodeLocation {
  path: string;
  startLine: number;
  endLine: number;
  startColumn: number;
  endColumn: number;
}

export interface CodeScanningAlert {
  number: number;
  createdAt: string;
  updatedAt: string;
  state: 'open' | 'dismissed' | 'fixed';
  fixedAt: string | null;
  dismissedBy: string | null;
  dismissedAt: string | null;
  dismissedReason: 'false positive' | "won't fix" | 'used in tests' | null;
  dismissedComment: string | null;
  rule: CodeScanningRule;
  tool: { name: string; guid: string | null; version: string | null };
  instance: { ref: string; analysisKey: string; category: string; commitSha: string; message: string; location: CodeLocation };
}

export type SecretResolution = 'false_positive' | 'wont_fix' | 'revoked' | 'used_in_tests' | 'pattern_edited' | 'pattern_deleted';

export interface SecretScanningAlert {
  number: number;
  createdAt: string;
  updatedAt: string;
  state: 'open' | 'resolved';
  secretType: string;
  secretTypeDisplayName: string;
  /** The leaked value itself: GitHub sends it unless asked `hide_secret=true`. */
  secret: string;
  resolution: SecretResolution | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolutionComment: string | null;
  pushProtectionBypassed: boolean;
  pushProtectionBypassedBy: string | null;
  pushProtectionBypassedAt: string | null;
  validity: 'active' | 'inactive' | 'unknown';
  publiclyLeaked: boolean;
  multiRepo: boolean;
  location: { path: string; startLine: number; endLine: number; startColumn: number; endColumn: number; commitSha: string };
}

export type DependabotSeverity = 'low' | 'medium' | 'high' | 'critical';

export interface DependabotAdvisory {
  ghsaId: string;
  cveId: string | null;
  summary: string;
  /** Markdown, from the GitHub Advisory Database. */
  description: string;
  severity: DependabotSeverity;
  cvss: { score: number; vectorString: string | null };
  cwes: { cweId: string; name: string }[];
  references: string[];
  publishedAt: string;
  updatedAt: string;
}

export interface DependabotAlert {
  number: number;
  state: 'open' | 'dismissed' | 'fixed' | 'auto_dismissed';
  package: { ecosystem: string; name: string };
  manifestPath: string;
  scope: 'runtime' | 'development' | null;
  relationship: 'direct' | 'indirect' | 'unknown';
  advisory: DependabotAdvisory;
  vulnerableVersionRange: string;
  firstPatchedVersion: string | null;
  createdAt: string;
  updatedAt: string;
  dismissedAt: string | null;
  dismissedBy: string | null;
  dismissedReason: 'fix_started' | 'inaccurate' | 'no_bandwidth' | 'not_used' | 'tolerable_risk' | null;
  dismissedComment: string | null;
  fixedAt: string | null;
  autoDismissedAt: string | null;
}

export interface RepoSecurity {
  features: SecurityFeatures;
  codeScanning: CodeScanningAlert[];
  secretScanning: SecretScanningAlert[];
  dependabot: DependabotAlert[];
}

type Numbered<T extends { number: number }> = Omit<T, 'number'>;

/** A repository nobody configured: what GitHub gives a new one (secret scanning is free on public repositories). */
function defaultFeatures(repo: GitHubRepo): SecurityFeatures {
  return { advancedSecurity: false, analysedRefs: [], secretScanning: !repo.private, dependabotAlerts: false };
}

export class SecurityWorld {
  private readonly byRepo = new Map<number, RepoSecurity>();

  /** The repository's security state, made with GitHub's defaults on first use. */
  of(repo: GitHubRepo): RepoSecurity {
    let state = this.byRepo.get(repo.id);
    if (!state) {
      state = { features: defaultFeatures(repo), codeScanning: [], secretScanning: [], dependabot: [] };
      this.byRepo.set(repo.id, state);
    }
    return state;
  }

  configure(repo: GitHubRepo, features: Partial<SecurityFeatures>): SecurityFeatures {
    const state = this.of(repo);
    Object.assign(state.features, features);
    return state.features;
  }

  addCodeScanningAlert(repo: GitHubRepo, alert: Numbered<CodeScanningAlert>): CodeScanningAlert {
    const list = this.of(repo).codeScanning;
    const added = { ...alert, number: list.length + 1 };
    list.push(added);
    return added;
  }

  addSecretScanningAlert(repo: GitHubRepo, alert: Numbered<SecretScanningAlert>): SecretScanningAlert {
    const list = this.of(repo).secretScanning;
    const added = { ...alert, number: list.length + 1 };
    list.push(added);
    return added;
  }

  addDependabotAlert(repo: GitHubRepo, alert: Numbered<DependabotAlert>): DependabotAlert {
    const list = this.of(repo).dependabot;
    const added = { ...alert, number: list.length + 1 };
    list.push(added);
    return added;
  }
}
