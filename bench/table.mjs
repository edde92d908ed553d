// The run's one table, as Markdown: readable in a terminal, pasteable into RESULTS.md.
const COLUMNS = [
  ["figure", "#"],
  ["measure", "measure"],
  ["ours", "ours"],
  ["official", "official"],
  ["perConnection", "per-connection"],
  ["floor", "floor"],
  ["ratio", "ratio"],
  ["goal", "goal"],
];

const cell = (value) => String(value ?? "").replaceAll("|", "\\|");

export function markdownTable(rows) {
  const sorted = [...rows].sort((a, b) => a.figure - b.figure);
  const lines = [
    `| ${COLUMNS.map(([, title]) => title).join(" | ")} |`,
    `| ${COLUMNS.map(() => "---").join(" | ")} |`,
    ...sorted.map((row) => `| ${COLUMNS.map(([key]) => cell(row[key])).join(" | ")} |`),
  ];
  return lines.join("\n");
}
