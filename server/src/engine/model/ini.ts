/**
 * An INI reader with exact offsets, for DRAKVUF Sandbox's legacy `config.ini` files. drakrun and
 * drakcore v0.18 read them with `configparser.ConfigParser()` and its defaults
 * (CERT-Polska/drakvuf-sandbox@v0.18.2:drakrun/drakrun/draksetup.py), so this mirrors what
 * CPython's `RawConfigParser._read` does with those defaults, and nothing more:
 *
 * - full-line comments only: a line whose stripped text starts with `#` or `;`
 *   (`comment_prefixes=('#', ';')`); `inline_comment_prefixes=None`, so `host=a ; b` is the value
 *   `a ; b`, as drakrun sees it;
 * - a section header is `[` .+ `]` at the start of the stripped line (`SECTCRE`, greedy, text after
 *   the last `]` ignored); section names keep their case; `[DEFAULT]` gives every section its keys;
 * - an option is `key = value` or `key : value`, split at the first `=` or `:` (`OPTCRE`, delimiters
 *   `('=', ':')`), key and value stripped, the key lowercased (`optionxform`);
 * - a line indented deeper than its option's line continues the value (joined with `\n`); blank
 *   lines inside a value are kept (`empty_lines_in_values=True`), trailing ones dropped;
 * - `strict=True`: a repeated section or option stops the read (DuplicateSectionError,
 *   DuplicateOptionError), as an option before any section does (MissingSectionHeaderError); a
 *   line that is neither is a ParsingError, collected, and the read goes on;
 * - `%(name)s` interpolation is not expanded: values are compared as written.
 */
import type { Range } from '../types';

export interface IniEntry {
  section: string;
  /** Lowercased, as `optionxform` stores it. */
  key: string;
  /** The value configparser returns: stripped, continuation lines joined with `\n`. */
  value: string;
  keyRange: Range;
  /** From the value's first character to its last (an empty value: empty, after the delimiter). */
  valueRange: Range;
  /** The key through the value. */
  range: Range;
}

export interface IniSection {
  name: string;
  /** The header, `[` to `]`. */
  range: Range;
}

export interface IniProblem {
  message: string;
  range: Range;
}

export interface IniFile {
  sections: IniSection[];
  entries: IniEntry[];
  /** What configparser would raise; after a duplicate or a missing header the rest is not read (it raises there). */
  problems: IniProblem[];
}

const SECTION = /^\[(.+)\]/;
const OPTION = /^(.*?)\s*(=|:)\s*(.*)$/;

export function readIni(text: string): IniFile {
  const out: IniFile = { sections: [], entries: [], problems: [] };
  const seen = new Set<string>();
  let section: string | undefined;
  let current: IniEntry | undefined;
  let indentLevel = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const next = nl === -1 ? text.length + 1 : nl + 1;
    const stripped = line.trim();
    const indent = line.length - line.trimStart().length;
    const at = (from: number, length: number): Range => ({ start: lineStart + from, end: lineStart + from + length });
    if (stripped.startsWith('#') || stripped.startsWith(';')) {
      lineStart = next;
      continue; // a comment line neither ends a value nor adds to it
    }
    if (stripped === '') {
      if (current) current.value += '\n';
      lineStart = next;
      continue;
    }
    if (current && section !== undefined && indent > indentLevel) {
      current.value += `\n${stripped}`;
      current.valueRange = { start: current.valueRange.start, end: lineStart + indent + stripped.length };
      current.range = { start: current.range.start, end: current.valueRange.end };
      lineStart = next;
      continue;
    }
    if (current) current.value = current.value.trimEnd();
    current = undefined;
    indentLevel = indent;
    const header = SECTION.exec(stripped);
    if (header) {
      const name = header[1]!;
      const range = at(indent, header[0].length);
      if (out.sections.some((s) => s.name === name)) {
        out.problems.push({ message: `section "${name}" is repeated (configparser: DuplicateSectionError)`, range });
        return out;
      }
      out.sections.push({ name, range });
      section = name;
    } else if (section === undefined) {
      out.problems.push({
        message: 'an option before any [section] (configparser: MissingSectionHeaderError)',
        range: at(indent, stripped.length),
      });
      return out;
    } else {
      const option = OPTION.exec(stripped);
      const key = option?.[1]?.trimEnd() ?? '';
      if (!option || key === '') {
        out.problems.push({
          message: 'neither a [section] nor a key = value line (configparser: ParsingError)',
          range: at(indent, stripped.length),
        });
      } else {
        const lowered = key.toLowerCase();
        const keyRange = at(indent, key.length);
        if (seen.has(`${section}\0${lowered}`)) {
          out.problems.push({
            message: `"${lowered}" is repeated in [${section}] (configparser: DuplicateOptionError)`,
            range: keyRange,
          });
          return out;
        }
        seen.add(`${section}\0${lowered}`);
        const raw = option[3]!;
        const valueRange = at(indent + stripped.length - raw.length, raw.length);
        current = {
          section,
          key: lowered,
          value: raw,
          keyRange,
          valueRange,
          range: { start: keyRange.start, end: valueRange.end },
        };
        out.entries.push(current);
      }
    }
    lineStart = next;
  }
  if (current) current.value = current.value.trimEnd();
  return out;
}

/** The value configparser's `get(section, key)` gives: the section's own entry, else `[DEFAULT]`'s. */
export function iniGet(file: IniFile, section: string, key: string): IniEntry | undefined {
  const k = key.toLowerCase();
  return (
    file.entries.find((e) => e.section === section && e.key === k) ??
    (file.sections.some((s) => s.name === section)
      ? file.entries.find((e) => e.section === 'DEFAULT' && e.key === k)
      : undefined)
  );
}
