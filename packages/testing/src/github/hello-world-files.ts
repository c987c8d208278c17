/**
 * The files of octo-org/hello-world as its history builds them: a README per version, a greeting
 * module that grows features, a changelog, a CSV just over 1 MiB and a small PNG.
 */

export function readme(version: string, extra = ''): string {
  return `# hello-world

My first repository on GitHub! A tiny TypeScript library that greets people.

## Install

\`\`\`sh
npm install @octo-org/hello-world@${version}
\`\`\`

## Usage

\`\`\`ts
import { greet } from '@octo-org/hello-world';

console.log(greet('Mona')); // Hello, Mona!
\`\`\`
${extra}
## License

MIT
`;
}

export function greetModule(features: readonly string[]): string {
  const parts = [
    `/** Greets someone by name. */
export function greet(name: string): string {
  return \`Hello, \${name.trim() || 'world'}!\`;
}
`,
  ];
  if (features.includes('farewell'))
    parts.push(`\n/** Says goodbye. */\nexport function farewell(name: string): string {\n  return \`Goodbye, \${name}!\`;\n}\n`);
  if (features.includes('shout'))
    parts.push(`\n/** Greets loudly. */\nexport function shout(name: string): string {\n  return greet(name).toUpperCase();\n}\n`);
  if (features.includes('locale'))
    parts.push(`\nconst GREETINGS: Record<string, string> = { en: 'Hello', fr: 'Bonjour', es: 'Hola', de: 'Hallo' };\n
/** Greets in one of a few languages, English when unknown. */\nexport function greetIn(locale: string, name: string): string {\n  return \`\${GREETINGS[locale] ?? GREETINGS.en}, \${name}!\`;\n}\n`);
  return parts.join('');
}

export function changelog(entries: readonly string[]): string {
  return `# Changelog\n\n${entries.map((entry) => `- ${entry}`).join('\n')}\n`;
}

/** About 1.13 MB: a block of rows repeated, because building every row costs each fake ~15 ms. */
export function largeCsv(): Buffer {
  const rows: string[] = [];
  for (let i = 1; i <= 200; i += 1) {
    rows.push(`${i},sample-${i},region-${i % 17},${(i * 7919) % 100_000},2026-01-${String((i % 28) + 1).padStart(2, '0')}`);
  }
  return Buffer.from(`id,name,region,value,recorded_at\n${`${rows.join('\n')}\n`.repeat(140)}`);
}

/** A valid 16×16 PNG (its header already holds NUL bytes, which is how binary files are told apart). */
export function logoPng(): Buffer {
  return Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAKklEQVR4nGNgGAWjgAEYGBgY/jMwMPxnYGD4z8DAwMDA8J+BgYGBgYGBAQBk2gP9dXkZ6QAAAABJRU5ErkJggg==',
    'base64',
  );
}
