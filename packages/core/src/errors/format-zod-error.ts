import type { z } from 'zod';

/**
 * Turns a zod error into field-level sentences a model can act on, one per issue:
 * `title: expected string, received number`. The path names the field; the root is
 * called `arguments`. Received values are never echoed (they may hold secrets).
 */
export function formatZodError(error: z.ZodError, root = 'arguments'): string {
  return formatZodIssues(error.issues, root).join('; ');
}

export function formatZodIssues(issues: readonly z.core.$ZodIssue[], root = 'arguments'): string[] {
  return issues.map((issue) => `${issuePath(issue.path, root)}: ${issueMessage(issue)}`);
}

function issuePath(path: readonly PropertyKey[], root: string): string {
  if (path.length === 0) return root;
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('');
}

function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // zod 4 does not keep the input on the issue; its message says what was received.
      return /received undefined$/.test(issue.message) ? `required (${issue.expected})` : `expected ${issue.expected}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big':
      return `too ${issue.origin === 'string' ? 'long' : 'big'}: at most ${String(issue.maximum)}${unit(issue.origin)}`;
    case 'too_small':
      return `too ${issue.origin === 'string' ? 'short' : 'small'}: at least ${String(issue.minimum)}${unit(issue.origin)}`;
    default:
      return issue.message;
  }
}

function unit(origin: string): string {
  if (origin === 'string') return ' characters';
  if (origin === 'array' || origin === 'set') return ' items';
  return '';
}
