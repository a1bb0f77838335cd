/**
 * Text from a file (a service name, a key, a value, a file name, a finding message that quotes
 * them), made safe to put into the Markdown of a hover: it renders as the same characters and
 * never as a link, an image, HTML, an autolink, emphasis, a code span or a block.
 *
 * A backslash goes before each character that can start a construct; CommonMark (and marked,
 * which VS Code renders hovers with) allows it before any ASCII punctuation and then prints the
 * character (https://spec.commonmark.org/0.31.2/#backslash-escapes):
 * - `[` `]` `!` links and images; `<` `>` `&` HTML, autolinks, entities, quotes; `` ` `` code
 *   spans and fences; `*` `_` `~` emphasis and strikethrough; `|` tables; `#` headings; `\`
 *   itself; `$` VS Code's `$(icon)` syntax;
 * - `:` and `@`, and the `.` of `www.`, so that GFM's extended autolinks (`http://…`, `www.…`,
 *   `a@b.c`) do not match.
 * Line breaks become spaces, and a leading `-`, `+`, `=` or `1.` is escaped, so file text cannot
 * start a list, a setext heading or a thematic break. Other punctuation (`(`, `.`, `,`, `-`
 * inside a word) stays as it is, so the Markdown source reads like the text.
 */
const SPECIAL = /[\\`*_[\]<>!&|~#$:@]/g;

export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(SPECIAL, '\\$&')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/^(\s*)([-+=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/**
 * A value from a file (a quantity, a pattern, `*`) as a Markdown code span: it shows exactly its
 * characters, in any renderer, without backslashes in the source. The fence is one backtick more
 * than the longest run inside; a space pads a value that starts or ends with a backtick or a
 * space (CommonMark strips one on each side). Line breaks become spaces, as in a code span.
 */
export function codeSpan(text: string): string {
  const t = text.replace(/\r\n|\r|\n/g, ' ');
  if (t.length === 0) return '(empty)';
  let longest = 0;
  for (const run of t.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(t) ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}
