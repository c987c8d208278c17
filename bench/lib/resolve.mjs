import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `bench/` is not a workspace package, so Node cannot find the SDK, its client or zod
 * from here. They are resolved from a workspace package that depends on them (pnpm links
 * each package's own dependencies into its node_modules), reading the package's
 * `exports` with Node's ESM conditions, so the bench loads exactly the ESM build the
 * servers load (the same files, not a CommonJS twin).
 */

/** The package whose dependencies the bench borrows: the tasks server has the SDK, client and zod. */
export const ANCHOR_DIR = fileURLToPath(new URL('../../servers/tasks/', import.meta.url));

// The conditions Node's ESM loader matches for an `import` on Node, in its own order of keys.
const CONDITIONS = new Set(['node', 'import', 'default']);

function pickTarget(entry) {
  if (typeof entry === 'string') return entry;
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  for (const [condition, value] of Object.entries(entry)) {
    if (!CONDITIONS.has(condition)) continue;
    const target = pickTarget(value);
    if (target !== undefined) return target;
  }
  return undefined;
}

/** `'@scope/name/sub'` → `['@scope/name', './sub']`; `'zod'` → `['zod', '.']`. */
function splitSpecifier(specifier) {
  const parts = specifier.split('/');
  const size = specifier.startsWith('@') ? 2 : 1;
  const rest = parts.slice(size).join('/');
  return [parts.slice(0, size).join('/'), rest ? `./${rest}` : '.'];
}

/** The `exports` entry for `subpath`, including the sugar forms that only describe `'.'`. */
function exportEntry(exportsField, subpath) {
  const sugar = typeof exportsField === 'string' || !Object.keys(exportsField).some((key) => key.startsWith('.'));
  if (sugar) return subpath === '.' ? exportsField : undefined;
  return exportsField[subpath];
}

/** The file URL the ESM loader would pick for `specifier` imported from `fromDir`. */
export function resolveEsm(specifier, fromDir = ANCHOR_DIR) {
  const [name, subpath] = splitSpecifier(specifier);
  const packageDir = realpathSync(join(fromDir, 'node_modules', name));
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const target =
    manifest.exports === undefined
      ? subpath === '.'
        ? (manifest.main ?? 'index.js')
        : subpath
      : pickTarget(exportEntry(manifest.exports, subpath));
  if (target === undefined) {
    throw new Error(`${name} exports no "${subpath}" for import; check the specifier, or the anchor package ${fromDir}.`);
  }
  return pathToFileURL(join(packageDir, target)).href;
}

/** `import(specifier)` as if from the anchor package. */
export function importEsm(specifier, fromDir = ANCHOR_DIR) {
  return import(resolveEsm(specifier, fromDir));
}
