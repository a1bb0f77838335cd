// The budgets of issue 11 ("Speed and memory"), each checked against what this run measured.
// A budget is reported met, missed or not measured; none of this fails the run (timing is never
// asserted).

const LARGE_LINES = 17_000;

/**
 * One row per budget line and measured case: { budget, case, measured, limit, unit, status, note }.
 * `results.vscode`, when a VS Code harness section puts it there, may carry `keystrokeRatio`
 * (2,000-service file, Scalewise on / no extension) and `activationMs`.
 */
export function budgetRows(results) {
  const rows = [];
  const add = (budget, what, measured, limit, unit, note = '') =>
    rows.push({
      budget,
      case: what,
      measured: measured ?? null,
      limit,
      unit,
      status: measured == null ? 'not measured' : measured <= limit ? 'met' : 'missed',
      note,
    });
  const { lsp, cold, cli, cost, vsix, vscode } = results;

  const editBudget = 'edit → diagnostics median ≤ 0.1 × stock yaml-language-server';
  const parseBudget = `edit → diagnostics ≤ one full \`yaml\` parse (files of ${LARGE_LINES.toLocaleString('en-US')} lines and more)`;
  const rssBudget = `peak RSS ≤ 0.5 × yaml-language-server (largest files: ${LARGE_LINES.toLocaleString('en-US')} lines and more)`;
  if (lsp) {
    for (const r of lsp.table) {
      const what = `${r.workload} (${r.lines.toLocaleString('en-US')} lines)`;
      if (r.anchorTimedOut) {
        add(
          editBudget,
          what,
          r.ratioEditMedianUpperBound,
          0.1,
          '×',
          `${r.scalewise.editMedianMs} ms; the anchor did not open it within ${r.anchor.timeoutS} s, so the ratio is below this bound`,
        );
      } else
        add(editBudget, what, r.ratioEditMedian, 0.1, '×', `${r.scalewise.editMedianMs} / ${r.anchor.editMedianMs} ms`);
    }
    for (const r of lsp.table.filter((x) => x.lines >= LARGE_LINES)) {
      add(
        parseBudget,
        `${r.workload} (${r.lines.toLocaleString('en-US')} lines)`,
        r.editToParse,
        1,
        '×',
        `${r.scalewise.editMedianMs} ms / parse ${r.parseMs} ms`,
      );
    }
    for (const r of lsp.table.filter((x) => x.lines >= LARGE_LINES && !x.anchorTimedOut)) {
      add(rssBudget, `${r.workload}`, r.ratioRss, 0.5, '×', `${r.scalewise.peakRssMb} / ${r.anchor.peakRssMb} MB`);
    }
  } else {
    for (const b of [editBudget, parseBudget, rssBudget])
      add(b, '(section lsp not run)', null, b === parseBudget ? 1 : b === rssBudget ? 0.5 : 0.1, '×');
  }

  const coldBudget = 'open → first diagnostics (cold, a fresh server), 200-line file ≤ 0.3 × yaml-language-server';
  if (cold)
    add(
      coldBudget,
      `${cold.file} (${cold.lines} lines)`,
      cold.ratioOpen,
      0.3,
      '×',
      `${cold.scalewise.openMedianMs} / ${cold.anchor.openMedianMs} ms`,
    );
  else add(coldBudget, '(section cold not run)', null, 0.3, '×');

  const cliBudget = 'CLI, 1,000 Compose files ≤ 1.2 × one Node process that reads and parses them (the floor)';
  const cacheBudget = 'CLI --cache, re-run over an unchanged tree ≤ 0.2 × the floor';
  if (cli) {
    const f = cli.sides.floor;
    const s = cli.sides.scalewise;
    add(cliBudget, `${cli.folder.files} files`, s.ratioToFloor, 1.2, '×', `${s.medianMs} / ${f.medianMs} ms`);
    const c = cli.sides.cached;
    add(
      cacheBudget,
      `${cli.folder.files} files`,
      c.available ? c.ratioToFloor : null,
      0.2,
      '×',
      c.available ? `${c.medianMs} / ${f.medianMs} ms` : `not available: ${c.why}`,
    );
    const d = cli.sides.dclint;
    rows.push({
      budget: 'scalewise lint / dclint (kept as a column; no budget)',
      case: `${cli.folder.files} files`,
      measured: cli.scalewiseToDclint,
      limit: null,
      unit: '×',
      status: cli.scalewiseToDclint == null ? 'not measured' : 'info',
      note: d.available ? `${s.medianMs} / ${d.medianMs} ms` : `dclint not available: ${d.why}`,
    });
  } else {
    add(cliBudget, '(section cli not run)', null, 1.2, '×');
    add(cacheBudget, '(section cli not run)', null, 0.2, '×');
  }

  const costBudget = 'the 3,000-service merge-key and named files: lint ≤ 2 × one parse';
  const costRows = (cost?.rows ?? []).filter(
    (r) => (r.family === 'merge-keys' || r.family === 'named-services') && r.size === 3000,
  );
  if (costRows.length) {
    for (const r of costRows)
      add(costBudget, `${r.family}, ${r.size} services`, r.ratio, 2, '×', `${r.lintMs} / ${r.baselineMs} ms`);
  } else add(costBudget, '(section cost not run)', null, 2, '×');

  const harness = 'not measured by this run: the VS Code harness (bench/vscode-typing.mjs)';
  add(
    'VS Code: keystroke latency, 2,000-service file, Scalewise on ≤ 1.1 × no extension',
    'real VS Code',
    vscode?.keystrokeRatio,
    1.1,
    '×',
    vscode?.keystrokeRatio == null ? harness : '',
  );
  add(
    'extension activation ≤ 50 ms',
    'real VS Code',
    vscode?.activationMs,
    50,
    'ms',
    vscode?.activationMs == null ? harness : '',
  );
  add(
    'the .vsix ≤ 2 MB',
    'scalewise.vsix',
    vsix?.available ? vsix.mb : null,
    2,
    'MB',
    vsix == null
      ? 'not run (a full run or --vsix)'
      : vsix.available
        ? `${vsix.bytes} bytes, built ${vsix.built}${vsix.packagedByThisRun ? ' by this run' : ' (not by this run)'}`
        : vsix.why,
  );
  return rows;
}

export function budgetsMarkdown(rows) {
  const lines = [
    '## Budgets (issue 11), as ratios measured in this run',
    '',
    '| budget | case | measured | budget | status | figures |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const v = (x) => (x == null ? '-' : `${x}${r.unit === '×' ? ' ×' : ` ${r.unit}`}`);
    const status = r.status === 'met' ? 'met' : r.status === 'missed' ? '**missed**' : r.status;
    lines.push(
      `| ${r.budget} | ${r.case} | ${v(r.measured)} | ${r.limit == null ? '-' : `≤ ${v(r.limit)}`} | ${status} | ${r.note} |`,
    );
  }
  const met = rows.filter((r) => r.status === 'met').length;
  const missed = rows.filter((r) => r.status === 'missed').length;
  lines.push(
    '',
    `${met} met, ${missed} missed, ${rows.filter((r) => r.status === 'not measured').length} not measured.`,
    '',
  );
  return lines.join('\n');
}
