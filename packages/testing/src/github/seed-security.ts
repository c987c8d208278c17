import type { GitHubTokens } from './github-tokens.js';
import type { GitHubRepo, GitHubWorld } from './github-world.js';
import type { CodeScanningAlert, DependabotAdvisory, DependabotAlert, SecretScanningAlert } from './security-world.js';
import { HIDDEN_INSTRUCTION, tagCharacters } from './seed-issues.js';

/**
 * The default seed's security alerts:
 *
 * - octo-org/hello-world has every feature on: seven code scanning alerts (CodeQL on main, one
 *   ESLint alert on dev; critical to note, open, fixed and dismissed; one message hides an
 *   instruction in invisible tag characters), two secret scanning alerts (a GitHub token, open and
 *   bypassed at push; an AWS key, revoked), and five Dependabot alerts (npm and pip, every
 *   severity, one advisory description long and hiding an instruction in an HTML comment).
 * - octo-org/secret-plans (private) has every feature off: code scanning without Advanced
 *   Security, secret scanning disabled, Dependabot alerts disabled.
 * - monalisa/sketchbook keeps GitHub's defaults: no code scanning analysis, secret scanning on
 *   (public) with no alerts, Dependabot alerts off.
 */

/** The leaked values seeded on hello-world, so tests can prove no answer of a tool carries them. */
export const SEEDED_SECRETS = {
  githubToken: 'ghp_fakeLeakedDeployToken0000000000000a1',
  awsKey: 'AKIAIOSFODNN7EXAMPLE',
} as const;

const CODEQL = { name: 'CodeQL', guid: null, version: '2.19.3' };
const ANALYSIS = { analysisKey: '.github/workflows/codeql.yml:analyze', category: '/language:javascript-typescript' };

function codeScanning(world: GitHubWorld, repo: GitHubRepo): void {
  const main = repo.git.resolveBranch('main')?.sha ?? '0'.repeat(40);
  const dev = repo.git.resolveBranch('dev')?.sha ?? main;
  const at = (ref: string, sha: string, message: string, path: string, startLine: number, endLine = startLine) => ({
    ref,
    ...ANALYSIS,
    commitSha: sha,
    message,
    location: { path, startLine, endLine, startColumn: 3, endColumn: 41 },
  });
  const open = {
    state: 'open' as const,
    fixedAt: null,
    dismissedBy: null,
    dismissedAt: null,
    dismissedReason: null,
    dismissedComment: null,
  };
  const alerts: Omit<CodeScanningAlert, 'number'>[] = [
    {
      ...open,
      createdAt: '2026-03-02T10:00:00Z',
      updatedAt: '2026-03-02T10:00:00Z',
      rule: {
        id: 'js/polynomial-redos',
        name: 'js/polynomial-redos',
        severity: 'warning',
        securitySeverityLevel: 'high',
        description: 'Polynomial regular expression used on uncontrolled data',
        fullDescription: 'A regular expression that can require polynomial time to match may be vulnerable to denial-of-service attacks.',
        tags: ['security', 'external/cwe/cwe-1333', 'external/cwe/cwe-730', 'external/cwe/cwe-400'],
        help: '# Polynomial regular expression used on uncontrolled data\n\nSome regular expressions take a long time to match certain input strings.\n\n## Recommendation\n\nModify the regular expression to remove the ambiguity.\n',
        helpUri: null,
      },
      tool: CODEQL,
      instance: at(
        'refs/heads/main',
        main,
        'This regular expression that depends on a library input may run slow on strings with many repetitions of " ".',
        'src/utils/strings.ts',
        1,
      ),
    },
    {
      ...open,
      createdAt: '2026-03-02T10:00:00Z',
      updatedAt: '2026-03-09T08:30:00Z',
      rule: {
        id: 'js/incomplete-sanitization',
        name: 'js/incomplete-sanitization',
        severity: 'warning',
        securitySeverityLevel: 'medium',
        description: 'Incomplete string escaping or encoding',
        fullDescription: 'A string transformer that does not replace or escape all occurrences of a meta-character may be ineffective.',
        tags: ['security', 'correctness', 'external/cwe/cwe-020', 'external/cwe/cwe-080', 'external/cwe/cwe-116'],
        help: `# Incomplete string escaping or encoding\n\nSanitizing untrusted input is a common technique.<!-- ${HIDDEN_INSTRUCTION} -->\n\n## Recommendation\n\nUse a regular expression with the global flag.\n`,
        helpUri: null,
      },
      tool: CODEQL,
      instance: at(
        'refs/heads/main',
        main,
        `This replaces only the first occurrence of "'".${tagCharacters(HIDDEN_INSTRUCTION)}`,
        'src/greet.ts',
        3,
      ),
    },
    {
      ...open,
      createdAt: '2026-03-02T10:00:00Z',
      updatedAt: '2026-03-02T10:00:00Z',
      rule: {
        id: 'js/unused-local-variable',
        name: 'js/unused-local-variable',
        severity: 'note',
        securitySeverityLevel: null,
        description: 'Unused variable, import, function or class',
        fullDescription: 'Unused variables, imports, functions or classes may be a symptom of a bug and should be examined carefully.',
        tags: ['maintainability'],
        help: null,
        helpUri: null,
      },
      tool: CODEQL,
      instance: at('refs/heads/main', main, 'Unused variable isoDay.', 'src/utils/dates.ts', 1),
    },
    {
      ...open,
      createdAt: '2026-03-05T12:00:00Z',
      updatedAt: '2026-03-05T12:00:00Z',
      rule: {
        id: 'actions/missing-workflow-permissions',
        name: 'actions/missing-workflow-permissions',
        severity: 'warning',
        securitySeverityLevel: 'medium',
        description: 'Workflow does not contain permissions',
        fullDescription: 'Workflows should contain explicit permissions to restrict the scope of the default GITHUB_TOKEN.',
        tags: ['actions', 'maintainability', 'security', 'external/cwe/cwe-275'],
        help: null,
        helpUri: null,
      },
      tool: CODEQL,
      instance: at(
        'refs/heads/main',
        main,
        'Actions job or workflow does not limit the permissions of the GITHUB_TOKEN. Consider setting an explicit permissions block, using the following as a minimal starting point: {contents: read}',
        '.github/workflows/ci.yml',
        6,
        12,
      ),
    },
    {
      state: 'fixed',
      fixedAt: '2026-04-01T09:00:00Z',
      dismissedBy: null,
      dismissedAt: null,
      dismissedReason: null,
      dismissedComment: null,
      createdAt: '2026-03-10T09:00:00Z',
      updatedAt: '2026-04-01T09:00:00Z',
      rule: {
        id: 'js/code-injection',
        name: 'js/code-injection',
        severity: 'error',
        securitySeverityLevel: 'critical',
        description: 'Code injection',
        fullDescription: 'Interpreting unsanitized user input as code allows a malicious user arbitrary code execution.',
        tags: ['security', 'external/cwe/cwe-094', 'external/cwe/cwe-095', 'external/cwe/cwe-079', 'external/cwe/cwe-116'],
        help: null,
        helpUri: null,
      },
      tool: CODEQL,
      instance: at('refs/heads/main', main, 'This code execution depends on a user-provided value.', 'src/index.ts', 1),
    },
    {
      state: 'dismissed',
      fixedAt: null,
      dismissedBy: 'octocat',
      dismissedAt: '2026-03-20T16:00:00Z',
      dismissedReason: 'used in tests',
      dismissedComment: 'Test fixtures only.',
      createdAt: '2026-03-12T09:00:00Z',
      updatedAt: '2026-03-20T16:00:00Z',
      rule: {
        id: 'js/insecure-randomness',
        name: 'js/insecure-randomness',
        severity: 'warning',
        securitySeverityLevel: 'high',
        description: 'Insecure randomness',
        fullDescription:
          'Using a cryptographically weak pseudo-random number generator to generate a security-sensitive value may allow an attacker to predict what value will be generated.',
        tags: ['security', 'external/cwe/cwe-338'],
        help: null,
        helpUri: null,
      },
      tool: CODEQL,
      instance: at(
        'refs/heads/main',
        main,
        'This uses a cryptographically insecure random number generated at Math.random().',
        'src/greet.test.ts',
        4,
      ),
    },
    {
      ...open,
      createdAt: '2026-04-02T11:00:00Z',
      updatedAt: '2026-04-02T11:00:00Z',
      rule: {
        id: 'security/detect-object-injection',
        name: 'security/detect-object-injection',
        severity: 'warning',
        securitySeverityLevel: null,
        description: 'Detects "variable[key]" as a left- or right-hand assignment operand.',
        fullDescription: 'Detects "variable[key]" as a left- or right-hand assignment operand.',
        tags: [],
        help: null,
        helpUri: 'https://github.com/eslint-community/eslint-plugin-security/blob/main/docs/rules/detect-object-injection.md',
      },
      tool: { name: 'ESLint', guid: null, version: '9.14.0' },
      instance: {
        ...at('refs/heads/dev', dev, 'Generic Object Injection Sink', 'src/greet.ts', 12),
        analysisKey: '.github/workflows/eslint.yml:lint',
        category: 'eslint',
      },
    },
  ];
  for (const alert of alerts) world.security.addCodeScanningAlert(repo, alert);
}

function secretScanning(world: GitHubWorld, repo: GitHubRepo): void {
  const main = repo.git.resolveBranch('main')?.sha ?? '0'.repeat(40);
  const alerts: Omit<SecretScanningAlert, 'number'>[] = [
    {
      createdAt: '2026-03-15T08:00:00Z',
      updatedAt: '2026-03-15T08:00:00Z',
      state: 'open',
      secretType: 'github_personal_access_token',
      secretTypeDisplayName: 'GitHub Personal Access Token',
      secret: SEEDED_SECRETS.githubToken,
      resolution: null,
      resolvedAt: null,
      resolvedBy: null,
      resolutionComment: null,
      pushProtectionBypassed: true,
      pushProtectionBypassedBy: 'hubot',
      pushProtectionBypassedAt: '2026-03-15T07:59:00Z',
      validity: 'active',
      publiclyLeaked: false,
      multiRepo: false,
      location: { path: 'scripts/deploy.sh', startLine: 4, endLine: 4, startColumn: 14, endColumn: 54, commitSha: main },
    },
    {
      createdAt: '2026-02-20T08:00:00Z',
      updatedAt: '2026-02-21T10:00:00Z',
      state: 'resolved',
      secretType: 'aws_access_key_id',
      secretTypeDisplayName: 'AWS Access Key ID',
      secret: SEEDED_SECRETS.awsKey,
      resolution: 'revoked',
      resolvedAt: '2026-02-21T10:00:00Z',
      resolvedBy: 'octocat',
      // People paste the value into their comment; the tools must not pass it on from here either.
      resolutionComment: `Rotated ${SEEDED_SECRETS.awsKey} in IAM.`,
      pushProtectionBypassed: false,
      pushProtectionBypassedBy: null,
      pushProtectionBypassedAt: null,
      validity: 'inactive',
      publiclyLeaked: false,
      multiRepo: false,
      location: { path: 'config/aws.json', startLine: 2, endLine: 2, startColumn: 18, endColumn: 38, commitSha: main },
    },
  ];
  for (const alert of alerts) world.security.addSecretScanningAlert(repo, alert);
}

const LODASH_DESCRIPTION = `Versions of \`lodash\` prior to 4.17.21 are vulnerable to Command Injection via the template function.<!-- ${HIDDEN_INSTRUCTION} -->

[Read the fix](javascript:alert(1))

### Details

${Array.from(
  { length: 12 },
  (_, i) =>
    `${i + 1}. The \`template\` function accepts an \`options.variable\` value that is interpolated into the compiled function's source without validation, so a crafted value runs as code in the caller's process.`,
).join('\n')}

### Patches

Upgrade to 4.17.21.
`;

function advisory(input: Partial<DependabotAdvisory> & Pick<DependabotAdvisory, 'ghsaId' | 'summary' | 'severity'>): DependabotAdvisory {
  return {
    cveId: null,
    description: input.summary,
    cvss: { score: 0, vectorString: null },
    cwes: [],
    references: [],
    publishedAt: '2022-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    ...input,
  };
}

function dependabot(world: GitHubWorld, repo: GitHubRepo): void {
  const open = {
    state: 'open' as const,
    dismissedAt: null,
    dismissedBy: null,
    dismissedReason: null,
    dismissedComment: null,
    fixedAt: null,
    autoDismissedAt: null,
  };
  const alerts: Omit<DependabotAlert, 'number'>[] = [
    {
      ...open,
      package: { ecosystem: 'npm', name: 'lodash' },
      manifestPath: 'package-lock.json',
      scope: 'runtime',
      relationship: 'direct',
      advisory: advisory({
        ghsaId: 'GHSA-35jh-r3h4-6jhm',
        cveId: 'CVE-2021-23337',
        summary: 'Command Injection in lodash',
        description: LODASH_DESCRIPTION,
        severity: 'high',
        cvss: { score: 7.2, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' },
        cwes: [{ cweId: 'CWE-94', name: "Improper Control of Generation of Code ('Code Injection')" }],
        references: ['https://nvd.nist.gov/vuln/detail/CVE-2021-23337'],
        publishedAt: '2021-05-06T16:05:51Z',
      }),
      vulnerableVersionRange: '< 4.17.21',
      firstPatchedVersion: '4.17.21',
      createdAt: '2026-03-01T09:00:00Z',
      updatedAt: '2026-03-01T09:00:00Z',
    },
    {
      ...open,
      package: { ecosystem: 'npm', name: 'minimist' },
      manifestPath: 'package-lock.json',
      scope: 'development',
      relationship: 'indirect',
      advisory: advisory({
        ghsaId: 'GHSA-xvch-5gv4-984h',
        cveId: 'CVE-2021-44906',
        summary: 'Prototype Pollution in minimist',
        description: 'Minimist <=1.2.5 is vulnerable to Prototype Pollution via file index.js, function setKey() (lines 69-95).',
        severity: 'critical',
        cvss: { score: 9.8, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
        cwes: [{ cweId: 'CWE-1321', name: "Improperly Controlled Modification of Object Prototype Attributes ('Prototype Pollution')" }],
      }),
      vulnerableVersionRange: '< 1.2.6',
      firstPatchedVersion: '1.2.6',
      createdAt: '2026-03-03T09:00:00Z',
      updatedAt: '2026-03-03T09:00:00Z',
    },
    {
      ...open,
      state: 'fixed',
      fixedAt: '2026-03-20T12:00:00Z',
      package: { ecosystem: 'npm', name: 'semver' },
      manifestPath: 'package-lock.json',
      scope: 'development',
      relationship: 'indirect',
      advisory: advisory({
        ghsaId: 'GHSA-c2qf-rxjj-qqgw',
        cveId: 'CVE-2022-25883',
        summary: 'semver vulnerable to Regular Expression Denial of Service',
        severity: 'medium',
        cvss: { score: 5.3, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' },
      }),
      vulnerableVersionRange: '>= 7.0.0, < 7.5.2',
      firstPatchedVersion: '7.5.2',
      createdAt: '2026-03-05T09:00:00Z',
      updatedAt: '2026-03-20T12:00:00Z',
    },
    {
      ...open,
      state: 'dismissed',
      dismissedAt: '2026-03-25T15:00:00Z',
      dismissedBy: 'octocat',
      dismissedReason: 'tolerable_risk',
      dismissedComment: 'Docs build only.',
      package: { ecosystem: 'pip', name: 'jinja2' },
      manifestPath: 'docs/requirements.txt',
      scope: 'runtime',
      relationship: 'direct',
      advisory: advisory({
        ghsaId: 'GHSA-h5c8-rqwp-cp95',
        cveId: 'CVE-2024-22195',
        summary: 'Jinja vulnerable to HTML attribute injection when passing user input as keys to xmlattr filter',
        severity: 'medium',
        cvss: { score: 5.4, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:U/C:L/I:L/A:N' },
      }),
      vulnerableVersionRange: '< 3.1.3',
      firstPatchedVersion: '3.1.3',
      createdAt: '2026-03-07T09:00:00Z',
      updatedAt: '2026-03-25T15:00:00Z',
    },
    {
      ...open,
      package: { ecosystem: 'npm', name: 'debug' },
      manifestPath: 'package-lock.json',
      scope: 'development',
      relationship: 'indirect',
      advisory: advisory({
        ghsaId: 'GHSA-gxpj-cx7g-858c',
        cveId: 'CVE-2017-16137',
        summary: 'Regular Expression Denial of Service in debug',
        severity: 'low',
        cvss: { score: 3.7, vectorString: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:L' },
      }),
      vulnerableVersionRange: '< 2.6.9',
      firstPatchedVersion: '2.6.9',
      createdAt: '2026-03-09T09:00:00Z',
      updatedAt: '2026-03-09T09:00:00Z',
    },
  ];
  for (const alert of alerts) world.security.addDependabotAlert(repo, alert);
}

export function seedSecurity(world: GitHubWorld, _tokens: GitHubTokens): void {
  const helloWorld = world.repo('octo-org', 'hello-world');
  const secretPlans = world.repo('octo-org', 'secret-plans');
  if (helloWorld) {
    world.security.configure(helloWorld, {
      advancedSecurity: true,
      analysedRefs: ['refs/heads/main', 'refs/heads/dev'],
      secretScanning: true,
      dependabotAlerts: true,
    });
    codeScanning(world, helloWorld);
    secretScanning(world, helloWorld);
    dependabot(world, helloWorld);
  }
  if (secretPlans) {
    world.security.configure(secretPlans, { advancedSecurity: false, analysedRefs: [], secretScanning: false, dependabotAlerts: false });
  }
}
