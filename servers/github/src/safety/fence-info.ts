/**
 * Fenced-code info strings. A renderer shows none of an info string, so it could carry hidden instructions;
 * only a language name survives.
 */

import type { PassContext, Span } from './markdown-edits.js';

/** Languages kept as an info string even when they contain separators or are long. */
const KNOWN_LANGUAGES = new Set(
  (
    'abap ada agda apacheconf applescript arduino asciidoc asm assembly astro autohotkey awk bash bat batch bibtex c c# c++ ' +
    'cabal caddyfile clojure cmake cobol coffeescript commonlisp console cpp crystal cs csharp css csv cucumber cuda cython ' +
    'd dart diff docker dockerfile dotenv elisp elixir elm emacs-lisp erb erlang f# fish fortran fsharp gdscript geojson gherkin ' +
    'git-commit git-rebase gitignore glsl go golang gradle graphql groovy haml handlebars haskell hcl hlsl html http ini java ' +
    'javascript jinja jq js json json5 jsonc jsonl jsx julia kotlin latex less liquid lisp llvm log lua makefile markdown ' +
    'math matlab md mdx mermaid meson nginx nim nix objective-c objective-c++ objectivec ocaml pascal patch perl php ' +
    'plaintext plantuml postcss powershell prisma prolog properties protobuf ps1 pug puppet purescript pwsh py python qml ' +
    'r racket raku razor rb regex rego rescript rst ruby rust sass scala scheme scss sh shell shell-session shellsession ' +
    'solidity sparql sql sqlite stl suggestion svelte swift systemd tcl terraform tex text tf toml topojson ts tsx twig txt ' +
    'typescript typst vb.net verilog vhdl vim vue wasm wat wgsl xml yaml yml zig zsh'
  ).split(' '),
);

/**
 * An info string survives only as a language name: a known language, or a short single word (up to 12
 * letters, digits, `+` or `#`, starting with a letter). A renderer shows neither, so anything longer
 * could carry hidden instructions: `ignore-previous-instructions` passes a looser "one word" rule.
 */
function isLanguageName(word: string): boolean {
  return KNOWN_LANGUAGES.has(word.toLowerCase()) || /^[A-Za-z][A-Za-z0-9+#]{0,11}$/.test(word);
}

/** What an info string is cut back to: its first word if that is a language name, else nothing. */
export function keptFenceInfo(info: string): string {
  const word = info.split(/[ \t]/, 1)[0]!;
  return isLanguageName(word) ? word : '';
}

/** Records the edit that cuts a fence's info string back to a language name. */
export function neutraliseFenceInfo(info: Span, context: PassContext): void {
  const text = context.source.slice(info.start, info.end);
  const kept = keptFenceInfo(text);
  if (kept !== text) context.edits.push({ from: info.start, to: info.end, insert: kept, kind: 'fenceInfo' });
}
