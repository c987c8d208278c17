import { z } from 'zod';
import { defineGitHubTool } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { pageFields, pageNote, pageOf, pageRecord } from '../client/pagination.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';
import { repoFields, subjectOf } from './github-fields.js';

// Labels are set with create_issue and update_issue; these tools say which exist, so a model
// picks a real one instead of inventing "bug-report" where the repository says "bug".

const labelRecord = z.object({ name: z.string(), color: z.string(), description: z.string().nullable() });
type LabelRecord = z.infer<typeof labelRecord>;

interface RawLabel {
  name: string;
  color?: string | null;
  description?: string | null;
}

function toLabelRecord(label: RawLabel): LabelRecord {
  return {
    name: sanitizeName(label.name),
    color: label.color ?? '',
    description: label.description ? sanitizeUntrusted(label.description, { markdown: false }) : null,
  };
}

const labelLine = (label: LabelRecord) => `${label.name}${label.description ? ` — ${label.description}` : ''}`;

export const listLabels = defineGitHubTool({
  name: 'list_label',
  title: 'List labels',
  description: 'List the labels of a repository.',
  toolset: 'issues',
  input: z.strictObject({ ...repoFields, ...pageFields }),
  output: z.object({ labels: z.array(labelRecord), pagination: pageRecord }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callGitHub(subjectOf(owner, repo, 'the labels'), () =>
      app.github.rest.issues.listLabelsForRepo({ owner, repo, page, per_page: perPage, request: { signal } }),
    );
    const labels = data.map(toLabelRecord);
    const pagination = pageOf(headers, page, perPage);
    const top = labels.length === 0 ? `${owner}/${repo} has no labels.` : `Labels of ${owner}/${repo}:`;
    return { text: [top, ...labels.map(labelLine), ...pageNote(pagination)].join('\n'), data: { labels, pagination } };
  },
});

export const getLabel = defineGitHubTool({
  name: 'get_label',
  title: 'Get a label',
  description: 'Get one label of a repository by name.',
  toolset: 'issues',
  input: z.strictObject({ ...repoFields, name: z.string().trim().min(1).max(100) }),
  output: z.object({ label: labelRecord }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, name }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data } = await callGitHub(subjectOf(owner, repo, `the label "${sanitizeName(name)}"`), () =>
      app.github.rest.issues.getLabel({ owner, repo, name, request: { signal } }),
    );
    const label = toLabelRecord(data);
    return { text: `${labelLine(label)} (#${label.color})`, data: { label } };
  },
});
