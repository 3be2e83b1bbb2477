import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces one benchmark's section of a markdown file, between `<!-- begin <id> -->` and `<!-- end <id> -->`
 * (appended when absent), so that each script in bench/ rewrites its own numbers and leaves the others'.
 */
export function writeMarkdownSection(file: string, id: string, body: string, header = '# Benchmarks\n'): void {
  const begin = `<!-- begin ${id} -->`;
  const end = `<!-- end ${id} -->`;
  const section = `${begin}\n${body.trim()}\n${end}`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : header;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  const next =
    from >= 0 && to > from ? text.slice(0, from) + section + text.slice(to + end.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
