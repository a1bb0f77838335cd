/**
 * Template tags that let long texts be written the way a reader takes them in: YAML examples
 * indented as they will print, and prose wrapped at a readable width. Both are pure and cheap; the
 * rule docs, messages and tests use them.
 */

/**
 * A YAML block written indented inside the code: strips the first line break, the common indentation
 * of the non-blank lines and the indentation before the closing backtick (so the text ends with one
 * line break when the backtick stands on its own line, and with none when it follows the last line).
 */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  let text = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  if (text.startsWith('\n')) text = text.slice(1);
  const lines = text.split('\n');
  const last = lines[lines.length - 1];
  if (last !== undefined && /^[ \t]*$/.test(last)) lines[lines.length - 1] = '';
  let strip = Infinity;
  for (const l of lines) if (l.trim() !== '') strip = Math.min(strip, /^ */.exec(l)?.[0].length ?? 0);
  if (strip === Infinity) strip = 0;
  return lines.map((l) => l.slice(strip)).join('\n');
}

/**
 * Prose wrapped over several source lines: each line break in the literal parts, with the
 * indentation after it, reads as one space; a break right after the opening or before the closing
 * backtick reads as nothing. Interpolated values are kept as they are (a value's own line breaks
 * stay). A `\n` escape is a line break too, so prose holds one paragraph: text with line breaks of
 * its own is written with `yaml` or as a plain string.
 */
export function prose(strings: TemplateStringsArray, ...values: unknown[]): string {
  const last = strings.length - 1;
  let out = '';
  strings.forEach((s, i) => {
    let part = s;
    if (i === 0) part = part.replace(/^\n[ \t]*/, '');
    if (i === last) part = part.replace(/\n[ \t]*$/, '');
    out += part.replace(/\n[ \t]*/g, ' ');
    if (i < values.length) out += String(values[i]);
  });
  return out;
}

/**
 * One paragraph written as several source lines (plain strings, so Markdown's backticks need no
 * escape): the lines joined with one space each.
 */
export function paragraph(...lines: string[]): string {
  return lines.join(' ');
}
