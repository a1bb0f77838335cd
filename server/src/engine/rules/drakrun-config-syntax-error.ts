import { defineRule } from '../define-rule';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'drakrun/config-syntax-error',
    kinds: ['drakrun-config', 'drakrun-ini'],
    scope: 'file',
    defaultSeverity: 'error',
    messages: {
      toml: (d) =>
        `config.toml is not valid TOML: ${d.detail}. drakrun cannot load its configuration and does not start.`,
      ini: (d) =>
        prose`
          configparser cannot read this line: ${d.detail}. drakrun and drakcore read config.ini when they
          start, so they stop here.
        `,
    },
    docs: {
      summary: "DRAKVUF Sandbox's config.toml or legacy config.ini does not parse, so drakrun does not start.",
      why: paragraph(
        'DRAKVUF Sandbox v0.19+ loads `/etc/drakrun/config.toml` into its pydantic model when a worker or',
        'the web UI starts; v0.18 reads `/etc/drakrun/config.ini` and `/etc/drakcore/config.ini` with',
        "Python's `configparser.ConfigParser()`, at import time. A TOML syntax error, or an INI line that",
        'configparser refuses (an option before any section, a repeated section or option, a line that is',
        'neither `[section]` nor `key = value`), stops them before any analysis runs. The other',
        "`drakrun/*` rules cannot read such a file either. The INI is read with configparser's defaults:",
        'only whole-line `#` and `;` comments, `=` or `:` between key and value, keys in any case.',
      ),
      bad: yaml`
        [redis]
        host = "redis.lab.example.com
        port = 6379
      `,
      good: yaml`
        [redis]
        host = "redis.lab.example.com"
        port = 6379
      `,
      exampleFile: '/etc/drakrun/config.toml',
      sources: [
        'CERT-Polska/drakvuf-sandbox@7c328ab:drakrun/lib/paths.py (`CONFIG_PATH = ETC_DIR / "config.toml"`), drakrun/lib/config.py (the pydantic model)',
        'CERT-Polska/drakvuf-sandbox@v0.18.2:drakrun/drakrun/draksetup.py (`conf = configparser.ConfigParser()`; `conf.read(os.path.join(ETC_DIR, "config.ini"))`)',
        'https://docs.python.org/3/library/configparser.html (supported INI file structure; strict, comment_prefixes, inline_comment_prefixes)',
        'https://toml.io/en/v1.0.0',
      ],
      uncertain: paragraph(
        "That v0.19+ reads the file as TOML 1.0 (Python's tomllib, through pydantic-settings) is inferred",
        'from its use of pydantic-settings, not read in its code.',
      ),
    },
  },
  (ctx) => {
    const messageId = ctx.kind === 'drakrun-ini' ? 'ini' : 'toml';
    for (const p of ctx.models.drakrunProblems) ctx.report({ messageId, data: { detail: p.message }, range: p.range });
  },
);
