import { readFileSync, statfsSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveEsm } from './resolve.mjs';

/** Where and on what the figures were taken, so a reader can judge whether they compare. */
export function machineInfo() {
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: `${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
    os: `${type()} ${release()} (${process.arch})`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    tmp: `${tmpdir()} (${fileSystemOf(tmpdir())})`,
    sdk: ['@modelcontextprotocol/server', '@modelcontextprotocol/client', 'zod'].map((name) => `${name} ${versionOf(name)}`).join(', '),
    load: loadavg()
      .map((v) => v.toFixed(2))
      .join(' '),
  };
}

const FS_MAGIC = { 61267: 'ext4', 16914836: 'tmpfs', 2035054128: 'overlayfs', 1481003842: 'xfs', 2435016766: 'btrfs' };

function fileSystemOf(path) {
  try {
    const { type: magic } = statfsSync(path);
    return FS_MAGIC[magic] ?? `fs type 0x${magic.toString(16)}`;
  } catch {
    return 'fs type unknown';
  }
}

function versionOf(name) {
  try {
    const entry = fileURLToPath(resolveEsm(name));
    // Walk up from the entry file to the package's own package.json.
    let dir = join(entry, '..');
    for (let i = 0; i < 5; i++, dir = join(dir, '..')) {
      try {
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        if (manifest.name === name) return manifest.version;
      } catch {
        // No package.json at this level: keep walking up.
      }
    }
  } catch {
    // Fall through to "unknown".
  }
  return 'unknown';
}

const verdict = (result) => (result === '—' ? result : `**${result}**`);
const cell = (value) => String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');

function table(section) {
  const head = [
    'Measure',
    `Candidate median${section.candidateLabel ? ` (${section.candidateLabel})` : ''}`,
    `Baseline median (${section.baselineLabel})`,
    'Ratio',
    'Goal',
    'Result',
    'Iterations (cand. + base.)',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  for (const row of section.rows) {
    lines.push(
      `| ${[row.measure, row.candidate, row.baseline, row.ratio, row.goal, verdict(row.result), row.iterations].map(cell).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** The whole RESULTS.md: machine, summary, then one section per benchmark. */
export function renderMarkdown({ machine, sections, quick, elapsedMs, loadAfter }) {
  const out = [
    '# mcpkit benchmark results',
    '',
    `Written by \`node bench/run.mjs${quick ? ' --quick' : ''}\` in ${(elapsedMs / 1000).toFixed(0)} s. Every figure is a median over repeated runs, and every ratio is against a baseline measured side by side in the same run (interleaved, the order rotating each round), so the machine's drift lands on both. Ratios are candidate ÷ baseline. Goals marked *(proposed)* were set by the bench author before the first run, for the maintainers to confirm; the others come from the project's brief.`,
    '',
    '## Machine',
    '',
    '| | |',
    '| --- | --- |',
    `| Date | ${machine.date} |`,
    `| Node | ${machine.node} |`,
    `| CPU | ${machine.cpu} |`,
    `| OS | ${machine.os} |`,
    `| Memory | ${machine.memory} |`,
    `| Temp dir (databases, generated files) | ${machine.tmp} |`,
    `| SDK | ${machine.sdk} |`,
    `| Load average (1/5/15 min) at start → end | ${machine.load} → ${loadAfter} |`,
    '',
    '## Summary',
    '',
    '| Benchmark | Measure | Ratio | Goal | Result |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const section of sections) {
    if (section.error) {
      out.push(`| ${cell(section.title)} | did not complete | — | — | **ERROR** |`);
      continue;
    }
    if (section.skipped) {
      out.push(`| ${cell(section.title)} | skipped: ${cell(section.skipped)} | — | — | **skipped** |`);
      continue;
    }
    for (const row of section.rows) {
      out.push(`| ${cell(section.title)} | ${cell(row.measure)} | ${cell(row.ratio)} | ${cell(row.goal)} | ${verdict(row.result)} |`);
    }
  }
  for (const section of sections) {
    out.push('', `## ${section.title}`, '');
    if (section.error) {
      out.push('Did not complete:', '', '```', ...section.error.split('\n').slice(0, 20), '```');
      continue;
    }
    if (section.skipped) {
      out.push(`**Skipped.** ${section.skipped}`);
      continue;
    }
    out.push(`**How measured.** ${section.how}`, '', table(section));
    for (const note of section.notes ?? []) out.push('', note);
  }
  return `${out.join('\n')}\n`;
}

/** One line per row for stdout. */
export function renderSummary(sections) {
  const lines = [];
  for (const section of sections) {
    lines.push(section.title);
    if (section.error) {
      lines.push(`  ERROR  ${section.error.split('\n')[0]} (details above, on stderr)`);
      continue;
    }
    if (section.skipped) {
      lines.push(`  skipped  ${section.skipped}`);
      continue;
    }
    for (const row of section.rows) {
      const verdict = row.result === '—' ? 'info' : row.result;
      lines.push(`  ${verdict.padEnd(5)}  ${row.measure}: ${row.candidate} vs ${row.baseline} → ${row.ratio}  [${row.goal}]`);
    }
  }
  return lines.join('\n');
}
