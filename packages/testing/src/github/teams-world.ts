export type TeamRole = 'member' | 'maintainer';

export interface GitHubTeam {
  id: number;
  org: string;
  slug: string;
  name: string;
  description: string | null;
  /** `closed` teams are visible to every organization member; `secret` ones to their members and the owners only. */
  privacy: 'closed' | 'secret';
  /** The slug of the parent team, if nested. */
  parent: string | null;
  /** Member login (lower case) → role. */
  members: Map<string, TeamRole>;
  createdAt: string;
  updatedAt: string;
}

export type NewTeam = Pick<GitHubTeam, 'org' | 'name'> &
  Partial<Omit<GitHubTeam, 'id' | 'org' | 'name' | 'members'>> & { members?: Record<string, TeamRole> };

/** The fake GitHub's state for Organization teams and their members. */
export class TeamsWorld {
  readonly all: GitHubTeam[] = [];
  private next = 1;

  add(input: NewTeam): GitHubTeam {
    const created = input.createdAt ?? '2026-01-10T09:00:00Z';
    const team: GitHubTeam = {
      id: 4_400_000 + this.next++,
      org: input.org,
      name: input.name,
      slug: input.slug ?? slugOf(input.name),
      description: input.description ?? null,
      privacy: input.privacy ?? 'closed',
      parent: input.parent ?? null,
      members: new Map(Object.entries(input.members ?? {}).map(([login, role]) => [login.toLowerCase(), role])),
      createdAt: created,
      updatedAt: input.updatedAt ?? created,
    };
    this.all.push(team);
    return team;
  }

  /** The organization's teams, by name as GitHub lists them. */
  of(org: string): GitHubTeam[] {
    return this.all.filter((team) => team.org.toLowerCase() === org.toLowerCase()).sort((a, b) => a.name.localeCompare(b.name));
  }

  get(org: string, slug: string): GitHubTeam | undefined {
    return this.of(org).find((team) => team.slug === slug.toLowerCase());
  }

  /** Every team `login` belongs to, in any organization. */
  ofMember(login: string): GitHubTeam[] {
    return this.all.filter((team) => team.members.has(login.toLowerCase()));
  }
}

/** GitHub's slug: lower case, runs of anything but letters, digits, `_` and `.` made one `-`. */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_.]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
