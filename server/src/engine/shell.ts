/**
 * Shell text read the way `sh` (dash, POSIX "Shell Command Language" 2.2-2.7) splits it, without
 * running anything: the one reader of shell words for k3s install scripts, `INSTALL_K3S_EXEC`,
 * and the scripts, Makefiles and READMEs scanned for `docker compose --scale` commands.
 *
 * Quotes, backslashes and `\`-newline are removed as `sh` removes them; `#` comments, operators
 * (`;`, `&`, `&&`, `||`, `|`, `(`, `)`), redirections (`>f`, `2>&1`, `<f`) and here-document bodies
 * (`<<EOF`, `<<'EOF'`, `<<"EOF"`, `<<-EOF` with leading tabs stripped) are not words. Substitutions
 * (`$(…)`, `$((…))`, `${…}`, `` `…` ``) are kept as written inside the word they are in: their value
 * is only known when the script runs. Like dash, `$'…'` is not special (a `$`, then a quoted string).
 * A CR is read as a blank, so CRLF scripts read like LF ones (dash would keep it in the word).
 */

export interface ShellWord {
  /** The word after quote removal; substitutions are kept as written. */
  text: string;
  start: number;
  end: number;
  /** Where each character of `text` is in the source (base included). */
  at: number[];
  /** Some part of it was quoted or escaped (so it is no reserved word, and no IO number). */
  quoted: boolean;
  /** `[from, to)` spans of `text` that are substitutions. */
  substitutions: [number, number][];
}

/** One simple command: its words, and the operator before it (`|` for the right side of a pipe). */
export interface ShellCommand {
  words: ShellWord[];
  after: string;
  /** Run inside a `$(…)` or backticks of another command. */
  inside?: boolean;
}

const META = /[ \t\r\n|;&()<>]/;
const BLANK = /[ \t\r]/;
/** Reserved words that may stand before a command (`if`, `then`, `{`, `!`, ...), dropped from its words. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}']);

/** The length of a `\` line continuation (LF or CRLF) at `i`, else 0. */
function continuation(text: string, i: number): number {
  if (text[i] !== '\\') return 0;
  if (text[i + 1] === '\n') return 2;
  return text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 0;
}

/**
 * The end of a substitution or expansion starting at `i` (`$(…)`, `$((…))`, `${…}`, `` `…` ``),
 * which is part of the word it is in, whatever it holds (spaces, `;`, `|`): the shell splits
 * words only after running it. -1 when none starts at `i`.
 */
function substitutionEnd(text: string, i: number): number {
  if (text[i] === '`') {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '`') return j + 1;
    }
    return text.length;
  }
  if (text[i] !== '$') return -1;
  const open = text[i + 1];
  if (open !== '(' && open !== '{') return -1;
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let j = i + 1; j < text.length; j++) {
    const ch = text[j]!;
    if (ch === '\\') j++;
    else if (ch === "'" || ch === '"') {
      const q = text.indexOf(ch, j + 1);
      j = q < 0 ? text.length : q;
    } else if (ch === open) depth++;
    else if (ch === close && --depth === 0) return j + 1;
  }
  return text.length;
}

/** Inside double quotes a backslash escapes only these (and a newline, which it removes). */
const DQ_ESCAPES = '$`"\\';

/**
 * Shell commands with their words and offsets. The commands inside `$(…)` and backticks come
 * last, each run on its own (a few levels deep: the depth of a text's nesting is the text's to choose).
 */
export function shellCommands(text: string, base = 0, depth = 0): ShellCommand[] {
  const out: ShellCommand[] = [];
  const inner: ShellCommand[] = [];
  const heredocs: { delim: string; strip: boolean }[] = [];
  let cur: ShellWord[] = [];
  let after = '';
  const flush = (op: string) => {
    while (cur.length > 0 && !cur[0]!.quoted && RESERVED.has(cur[0]!.text)) cur.shift();
    if (cur.length > 0) out.push({ words: cur, after });
    // An operator continues over the newline after it (`curl ... |` then `sh -s -` on the next line).
    else if ((after === '|' || after === '&&' || after === '||') && op === '\n') return;
    cur = [];
    after = op;
  };

  /** Reads one word from `i`; `[word, end]`. */
  const readWord = (i: number): [ShellWord, number] => {
    const start = i;
    let word = '';
    const at: number[] = [];
    const substitutions: [number, number][] = [];
    let quoted = false;
    const add = (s: string, from: number) => {
      for (let k = 0; k < s.length; k++) at.push(base + from + k);
      word += s;
    };
    const substitution = (j: number): number => {
      const end = substitutionEnd(text, j);
      if (end <= j) return -1;
      substitutions.push([word.length, word.length + end - j]);
      add(text.slice(j, end), j);
      const from = text[j] === '`' ? j + 1 : j + 2;
      if (text[j + 1] !== '{' && depth < 4)
        for (const c of shellCommands(text.slice(from, Math.max(from, end - 1)), base + from, depth + 1))
          inner.push({ ...c, inside: true });
      return end;
    };
    while (i < text.length) {
      const cont = continuation(text, i);
      if (cont > 0) {
        i += cont;
        continue;
      }
      const ch = text[i]!;
      if (META.test(ch)) break;
      const subst = substitution(i);
      if (subst > i) {
        i = subst;
      } else if (ch === "'") {
        quoted = true;
        const close = text.indexOf("'", i + 1);
        const end = close < 0 ? text.length : close;
        add(text.slice(i + 1, end), i + 1);
        i = end + 1;
      } else if (ch === '"') {
        quoted = true;
        let j = i + 1;
        while (j < text.length && text[j] !== '"') {
          const c = text[j]!;
          const cont = continuation(text, j);
          if (cont > 0) j += cont;
          else if (c === '\\' && j + 1 < text.length && DQ_ESCAPES.includes(text[j + 1]!)) {
            add(text[j + 1]!, j + 1);
            j += 2;
          } else {
            const s = substitution(j);
            if (s > j) j = s;
            else {
              add(c, j);
              j++;
            }
          }
        }
        i = j + 1;
      } else if (ch === '\\' && i + 1 < text.length) {
        quoted = true;
        add(text[i + 1]!, i + 1);
        i += 2;
      } else {
        add(ch, i);
        i++;
      }
    }
    const end = Math.min(i, text.length);
    return [{ text: word, start: base + start, end: base + end, at, quoted, substitutions }, end];
  };

  const skipBlanks = (i: number): number => {
    for (;;) {
      const cont = continuation(text, i);
      if (cont > 0) i += cont;
      else if (i < text.length && BLANK.test(text[i]!)) i++;
      else return i;
    }
  };

  /** Skips the bodies of the here-documents of the line that just ended; `i` is after its newline. */
  const skipHeredocs = (i: number): number => {
    for (const h of heredocs) {
      while (i < text.length) {
        const nl = text.indexOf('\n', i);
        const lineEnd = nl < 0 ? text.length : nl;
        let line = text.slice(i, lineEnd);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (h.strip) line = line.replace(/^\t+/, '');
        i = lineEnd + 1;
        if (line === h.delim) break;
      }
    }
    heredocs.length = 0;
    return Math.min(i, text.length);
  };

  let i = 0;
  while (i < text.length) {
    const cont = continuation(text, i);
    if (cont > 0) {
      i += cont;
      continue;
    }
    const c = text[i]!;
    if (BLANK.test(c)) {
      i++;
      continue;
    }
    if (c === '\n') {
      flush('\n');
      i = heredocs.length > 0 ? skipHeredocs(i + 1) : i + 1;
      continue;
    }
    if (c === '<' || c === '>') {
      // A redirection and its target are not words of the command; `<<` takes a here-document.
      let j = i + 1;
      let heredoc: { strip: boolean } | undefined;
      if (c === '<' && text[j] === '<') {
        j++;
        heredoc = { strip: text[j] === '-' };
        if (heredoc.strip) j++;
      } else if (
        (c === '>' && (text[j] === '>' || text[j] === '|')) ||
        text[j] === '&' ||
        (c === '<' && text[j] === '>')
      )
        j++;
      j = skipBlanks(j);
      if (j < text.length && !META.test(text[j]!)) {
        const [target, end] = readWord(j);
        if (heredoc) heredocs.push({ delim: target.text, strip: heredoc.strip });
        j = end;
      }
      i = j;
      continue;
    }
    if (META.test(c)) {
      const two = text.slice(i, i + 2);
      const op = two === '&&' || two === '||' || two === ';;' ? two : c;
      flush(op);
      i += op.length;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const [word, end] = readWord(i);
    i = end;
    // `2>&1`: digits right before a redirection are its file descriptor, not a word.
    if ((text[i] === '<' || text[i] === '>') && !word.quoted && /^\d+$/.test(word.text)) continue;
    cur.push(word);
  }
  flush('');
  for (const c of inner) out.push(c);
  return out;
}

/** Shell words with offsets (all commands of the text in a row, not those inside substitutions). */
export function shellWords(text: string, base = 0): ShellWord[] {
  return shellCommands(text, base)
    .filter((c) => !c.inside)
    .flatMap((c) => c.words);
}

/** Characters the k3s install script's `escape` puts a backslash before. */
const INSTALL_ESCAPED = /[\][!#$%&()*;<=>?\\_`{|}]/;

/**
 * The words the k3s install script makes of `INSTALL_K3S_EXEC`: `eval set -- $(escape
 * "${INSTALL_K3S_EXEC}")`, where `escape` backslashes punctuation but quotes, `/` and blanks
 * (k3s-io/k3s install.sh, "re-evaluate args to include env command"). So quotes in the value group
 * words again, and a `\` or `;` is kept as written. `value` is a word's text from `from` on (the
 * part after `INSTALL_K3S_EXEC=`); substitutions in it stay whole (the user's shell ran them).
 */
export function installExecWords(word: ShellWord, from: number): ShellWord[] {
  let escaped = '';
  const map: number[] = [];
  let s = 0;
  for (let k = from; k < word.text.length; k++) {
    while (s < word.substitutions.length && word.substitutions[s]![1] <= k) s++;
    const sub = word.substitutions[s];
    const ch = word.text[k]!;
    if (!(sub && sub[0] <= k) && INSTALL_ESCAPED.test(ch)) {
      escaped += '\\';
      map.push(word.at[k]!);
    }
    escaped += ch;
    map.push(word.at[k]!);
  }
  return shellWords(escaped).map((w) => {
    const at = w.at.map((x) => map[x]!);
    const first = at[0] ?? map[w.start] ?? word.end;
    return { ...w, at, start: first, end: (at[at.length - 1] ?? first - 1) + 1 };
  });
}
