/** One file of a gist. */
export interface GistFile {
  filename: string;
  content: string;
  language: string | null;
}

/** One revision of a gist: who changed it and when. */
export interface GistRevision {
  version: string;
  user: string;
  committedAt: string;
}

export interface Gist {
  id: string;
  owner: string;
  description: string | null;
  public: boolean;
  files: Map<string, GistFile>;
  history: GistRevision[];
  createdAt: string;
  updatedAt: string;
}

export type NewGist = { owner: string; files: Record<string, string>; description?: string | null; public?: boolean; at: string };

/** The fake GitHub's state for Gists, their files and revisions. */
export class GistsWorld {
  readonly all = new Map<string, Gist>();
  private next = 1;

  create(input: NewGist): Gist {
    const id = `${(0xaa5a315d + this.next++).toString(16)}61ae819c6b3f1c2f0a4e`;
    const gist: Gist = {
      id,
      owner: input.owner,
      description: input.description ?? null,
      public: input.public ?? false,
      files: new Map(Object.entries(input.files).map(([filename, content]) => [filename, gistFile(filename, content)])),
      history: [],
      createdAt: input.at,
      updatedAt: input.at,
    };
    this.revise(gist, input.owner, input.at);
    this.all.set(id, gist);
    return gist;
  }

  get(id: string): Gist | undefined {
    return this.all.get(id);
  }

  /** Newest first, as GitHub lists them. */
  of(login: string): Gist[] {
    return [...this.all.values()].filter((gist) => gist.owner.toLowerCase() === login.toLowerCase()).reverse();
  }

  revise(gist: Gist, user: string, at: string): void {
    gist.history.unshift({ version: `${gist.id.slice(0, 8)}${String(gist.history.length + 1).padStart(32, '0')}`, user, committedAt: at });
    gist.updatedAt = at;
  }
}

const LANGUAGES: Record<string, string> = {
  md: 'Markdown',
  ts: 'TypeScript',
  js: 'JavaScript',
  py: 'Python',
  txt: 'Text',
  csv: 'CSV',
  sh: 'Shell',
};

export function gistFile(filename: string, content: string): GistFile {
  const ext = filename.includes('.') ? (filename.split('.').pop() ?? '') : '';
  return { filename, content, language: LANGUAGES[ext.toLowerCase()] ?? null };
}
