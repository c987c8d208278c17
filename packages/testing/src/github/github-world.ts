import { ActionsWorld } from './actions-world.js';
import { ChecksWorld } from './checks-world.js';
import { GistsWorld } from './gists-world.js';
import { GitRepository } from './git-store.js';
import { NotificationsWorld } from './notifications-world.js';
import { SecurityWorld } from './security-world.js';
import { TeamsWorld } from './teams-world.js';

/**
 * The fake GitHub's state: accounts, repositories with their git history, issues and pull requests
 * (one numbering per repository, as on GitHub), comments, labels and releases. Routes read and
 * change it; tests may too (`fake.world`), to arrange a case or to check what a write did.
 * Logins and repository names are looked up case-insensitively, as on GitHub.
 */

/** Roles a collaborator can hold; `permission` answers fold maintain → write and triage → read. */
export type RepoRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read';
export type RepoAccess = RepoRole | 'none';

export interface GitHubAccount {
  id: number;
  login: string;
  type: 'User' | 'Organization';
  name: string | null;
  email: string | null;
  company: string | null;
  blog: string;
  location: string | null;
  bio: string | null;
  createdAt: string;
  /** Organizations only: member login (lower case) → role. Members get read on every repository. */
  members: Map<string, 'admin' | 'member'>;
}

export interface GitHubLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface IssueComment {
  id: number;
  user: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface PullReview {
  id: number;
  user: string;
  body: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'PENDING';
  commitId: string;
  submittedAt: string;
}

export interface ReviewComment {
  id: number;
  reviewId: number | null;
  user: string;
  body: string;
  path: string;
  line: number;
  side: 'LEFT' | 'RIGHT';
  commitId: string;
  createdAt: string;
}

export interface PullRequestState {
  head: string;
  /** The head commit; kept after the head branch is gone (merged pull requests). */
  headSha: string;
  base: string;
  draft: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  requestedReviewers: string[];
  reviews: PullReview[];
  reviewComments: ReviewComment[];
}

/** What a new pull request must say; the rest starts empty: not merged, no reviews, no reviewers asked. */
export type NewPullRequestState = Pick<PullRequestState, 'head' | 'headSha' | 'base'> & Partial<PullRequestState>;

/** A pull request's state as it is when opened, with `input` over the defaults. */
export function pullState(input: NewPullRequestState): PullRequestState {
  return {
    draft: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    requestedReviewers: [],
    reviews: [],
    reviewComments: [],
    ...input,
  };
}

/** An issue, or a pull request when `pull` is set (GitHub numbers them together). */
export interface GitHubIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  labels: string[];
  assignees: string[];
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  comments: IssueComment[];
  pull?: PullRequestState;
}

export interface ReleaseAsset {
  id: number;
  name: string;
  label: string | null;
  contentType: string;
  size: number;
  downloadCount: number;
  createdAt: string;
  uploader: string;
}

export interface GitHubRelease {
  id: number;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  createdAt: string;
  publishedAt: string | null;
  author: string;
  assets: ReleaseAsset[];
}

export interface GitHubRepo {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  description: string | null;
  homepage: string | null;
  topics: string[];
  language: string | null;
  stargazers: number;
  forks: number;
  watchers: number;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
  defaultBranch: string;
  hasIssues: boolean;
  archived: boolean;
  license: { key: string; name: string; spdxId: string } | null;
  /** Direct and outside collaborators: login (lower case) → role. */
  collaborators: Map<string, RepoRole>;
  git: GitRepository;
  issues: Map<number, GitHubIssue>;
  labels: Map<string, GitHubLabel>;
  releases: GitHubRelease[];
  /** The repository this one was forked from (a fork's fork names its direct parent). */
  parent?: GitHubRepo;
}

export type NewAccount = Partial<Omit<GitHubAccount, 'login' | 'members'>> & {
  login: string;
  members?: Record<string, 'admin' | 'member'>;
};
export type NewRepo = Partial<Omit<GitHubRepo, 'owner' | 'name' | 'collaborators' | 'git' | 'issues' | 'labels' | 'releases'>> & {
  owner: string;
  name: string;
  collaborators?: Record<string, RepoRole>;
};
export type NewIssue = Partial<Omit<GitHubIssue, 'id' | 'number' | 'comments' | 'title' | 'user'>> & { title: string; user: string };

const ROLE_RANK: Record<RepoAccess, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

export function roleAtLeast(access: RepoAccess, wanted: RepoRole): boolean {
  return ROLE_RANK[access] >= ROLE_RANK[wanted];
}

/** GitHub's default labels with their real colours. */
export const DEFAULT_LABELS: readonly Omit<GitHubLabel, 'id'>[] = [
  { name: 'bug', color: 'd73a4a', description: "Something isn't working", default: true },
  { name: 'documentation', color: '0075ca', description: 'Improvements or additions to documentation', default: true },
  { name: 'duplicate', color: 'cfd3d7', description: 'This issue or pull request already exists', default: true },
  { name: 'enhancement', color: 'a2eeef', description: 'New feature or request', default: true },
  { name: 'good first issue', color: '7057ff', description: 'Good for newcomers', default: true },
  { name: 'help wanted', color: '008672', description: 'Extra attention is needed', default: true },
  { name: 'invalid', color: 'e4e669', description: "This doesn't seem right", default: true },
  { name: 'question', color: 'd876e3', description: 'Further information is requested', default: true },
  { name: 'wontfix', color: 'ffffff', description: 'This will not be worked on', default: true },
];

export class GitHubWorld {
  readonly accounts = new Map<string, GitHubAccount>();
  readonly repos = new Map<string, GitHubRepo>();
  readonly actions = new ActionsWorld();
  readonly checks = new ChecksWorld();
  readonly security = new SecurityWorld();
  readonly notifications = new NotificationsWorld();
  readonly gists = new GistsWorld();
  readonly teams = new TeamsWorld();
  private lastId = 100_000;

  /** A fresh id for any record (ids are unique across kinds, which is all GitHub promises). */
  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  addAccount(input: NewAccount): GitHubAccount {
    const account: GitHubAccount = {
      id: input.id ?? this.nextId(),
      login: input.login,
      type: input.type ?? 'User',
      name: input.name ?? null,
      email: input.email ?? null,
      company: input.company ?? null,
      blog: input.blog ?? '',
      location: input.location ?? null,
      bio: input.bio ?? null,
      createdAt: input.createdAt ?? '2011-01-25T18:44:36Z',
      members: new Map(Object.entries(input.members ?? {}).map(([login, role]) => [login.toLowerCase(), role])),
    };
    this.accounts.set(account.login.toLowerCase(), account);
    return account;
  }

  account(login: string): GitHubAccount | undefined {
    return this.accounts.get(login.toLowerCase());
  }

  addRepo(input: NewRepo): GitHubRepo {
    const owner = this.account(input.owner);
    if (!owner) throw new Error(`unknown owner ${input.owner}`);
    const created = input.createdAt ?? '2026-01-05T09:00:00Z';
    const repo: GitHubRepo = {
      id: input.id ?? this.nextId(),
      owner: owner.login,
      name: input.name,
      private: input.private ?? false,
      description: input.description ?? null,
      homepage: input.homepage ?? null,
      topics: input.topics ?? [],
      language: input.language ?? null,
      stargazers: input.stargazers ?? 0,
      forks: input.forks ?? 0,
      watchers: input.watchers ?? input.stargazers ?? 0,
      createdAt: created,
      updatedAt: input.updatedAt ?? created,
      pushedAt: input.pushedAt ?? created,
      defaultBranch: input.defaultBranch ?? 'main',
      hasIssues: input.hasIssues ?? true,
      archived: input.archived ?? false,
      license: input.license ?? null,
      collaborators: new Map(Object.entries(input.collaborators ?? {}).map(([login, role]) => [login.toLowerCase(), role])),
      git: new GitRepository(),
      issues: new Map(),
      labels: new Map(),
      releases: [],
      ...(input.parent && { parent: input.parent }),
    };
    for (const label of DEFAULT_LABELS) repo.labels.set(label.name.toLowerCase(), { ...label, id: this.nextId() });
    this.repos.set(fullName(repo).toLowerCase(), repo);
    return repo;
  }

  repo(owner: string, name: string): GitHubRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  /** What `login` may do in `repo` (anonymous when undefined), before any token restriction. */
  access(repo: GitHubRepo, login: string | undefined): RepoAccess {
    const fallback: RepoAccess = repo.private ? 'none' : 'read';
    if (login === undefined) return fallback;
    const key = login.toLowerCase();
    if (repo.owner.toLowerCase() === key) return 'admin';
    const owner = this.account(repo.owner);
    const orgRole = owner?.members.get(key);
    if (orgRole === 'admin') return 'admin';
    const direct = repo.collaborators.get(key);
    const best = [direct, orgRole === 'member' ? 'read' : undefined, fallback].filter((role) => role !== undefined) as RepoAccess[];
    return best.reduce((a, b) => (ROLE_RANK[b] > ROLE_RANK[a] ? b : a), 'none' as RepoAccess);
  }

  /** How GitHub labels `login` next to what they wrote in `repo`. */
  authorAssociation(repo: GitHubRepo, login: string): string {
    const key = login.toLowerCase();
    if (repo.owner.toLowerCase() === key) return 'OWNER';
    if (this.account(repo.owner)?.members.has(key)) return 'MEMBER';
    if (repo.collaborators.has(key)) return 'COLLABORATOR';
    const email = this.account(login)?.email?.toLowerCase();
    const committed = [...repo.git.commits.values()].some((commit) => email !== undefined && commit.author.email.toLowerCase() === email);
    return committed ? 'CONTRIBUTOR' : 'NONE';
  }

  /** The account whose public email is `email`, for linking commit authors to users. */
  accountByEmail(email: string): GitHubAccount | undefined {
    const wanted = email.toLowerCase();
    for (const account of this.accounts.values()) if (account.email?.toLowerCase() === wanted) return account;
    const noreply = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/.exec(wanted)?.[1];
    return noreply === undefined ? undefined : this.account(noreply);
  }

  nextNumber(repo: GitHubRepo): number {
    return Math.max(0, ...repo.issues.keys()) + 1;
  }

  /** Opens an issue (or, with `pull`, a pull request) under the next number. */
  openIssue(repo: GitHubRepo, input: NewIssue): GitHubIssue {
    const created = input.createdAt ?? new Date().toISOString();
    const issue: GitHubIssue = {
      id: this.nextId(),
      number: this.nextNumber(repo),
      title: input.title,
      body: input.body ?? null,
      user: input.user,
      state: input.state ?? 'open',
      stateReason: input.stateReason ?? null,
      labels: input.labels ?? [],
      assignees: input.assignees ?? [],
      locked: input.locked ?? false,
      createdAt: created,
      updatedAt: input.updatedAt ?? created,
      closedAt: input.closedAt ?? (input.state === 'closed' ? created : null),
      closedBy: input.closedBy ?? null,
      comments: [],
      ...(input.pull ? { pull: input.pull } : {}),
    };
    repo.issues.set(issue.number, issue);
    for (const name of issue.labels) this.ensureLabel(repo, name);
    return issue;
  }

  addComment(issue: GitHubIssue, user: string, body: string, at: string): IssueComment {
    const comment: IssueComment = { id: this.nextId(), user, body, createdAt: at, updatedAt: at };
    issue.comments.push(comment);
    issue.updatedAt = at;
    return comment;
  }

  /** The label named `name` (any case), created with a neutral colour when missing, as GitHub does. */
  ensureLabel(repo: GitHubRepo, name: string): GitHubLabel {
    const key = name.toLowerCase();
    const existing = repo.labels.get(key);
    if (existing) return existing;
    const label: GitHubLabel = { id: this.nextId(), name, color: 'ededed', description: null, default: false };
    repo.labels.set(key, label);
    return label;
  }
}

export function fullName(repo: Pick<GitHubRepo, 'owner' | 'name'>): string {
  return `${repo.owner}/${repo.name}`;
}
