/**
 * Text from a file (a service name, a key, a value, a file name, a finding message that quotes
 * them), made safe to put into the Markdown of a hover: it renders as the same characters and
 * never as a link, an image, HTML, an autolink, emphasis or a code span.
 *
 * Every ASCII punctuation character gets a backslash, which CommonMark (and marked, which VS
 * Code renders hovers with) allows before any of them and then prints literally
 * (https://spec.commonmark.org/0.31.2/#backslash-escapes). That covers `[`, `]`, `(`, `!`, `<`,
 * `&` (entities), `` ` ``, `*`, `_`, and also `:`, `.` and `@`, so that GFM's extended autolinks
 * (`http://…`, `www.…`, `a@b.c`) do not match. Line breaks become spaces so file text cannot
 * start a block (a heading, a list, a table, a thematic break).
 */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(ASCII_PUNCTUATION, '\\$&');
}
