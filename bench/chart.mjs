// The fleet figure as a hand-written SVG: requests per minute over the simulated day, each
// pattern as its raw per-minute line (faint) and its hourly moving average (bold). The y axis is
// logarithmic (log10(1 + v), so that a minute with no request sits on the axis): the patterns
// differ by two orders of magnitude.
import { fmt } from "./stats.mjs";

const WIDTH = 960;
const HEIGHT = 460;
const PLOT = { left: 78, right: WIDTH - 150, top: 64, bottom: HEIGHT - 58 };
const Y_TICKS = [0, 1, 3, 10, 30, 100, 300, 1000];
const Y_MAX = 1000;

const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const round = (n) => Math.round(n * 10) / 10;

function movingAverage(values, window) {
  let sum = 0;
  return values.map((value, i) => {
    sum += value - (i >= window ? values[i - window] : 0);
    return sum / Math.min(i + 1, window);
  });
}

/**
 * `series`: `[{ label, color, perMinute }]`; `title` and `subtitle` head the chart.
 * @returns {string} the SVG document
 */
export function fleetChart({ title, subtitle, series }) {
  const minutes = series[0].perMinute.length;
  const x = (minute) => round(PLOT.left + (minute / minutes) * (PLOT.right - PLOT.left));
  const y = (value) => round(PLOT.bottom - (Math.log10(1 + value) / Math.log10(1 + Y_MAX)) * (PLOT.bottom - PLOT.top));
  const path = (values) => values.map((v, i) => `${i ? "L" : "M"}${x(i + 0.5)},${y(v)}`).join("");

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="13">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="26" font-size="17" font-weight="600" fill="#222">${escape(title)}</text>`,
    `<text x="${PLOT.left}" y="46" fill="#555">${escape(subtitle)}</text>`,
  ];
  for (const tick of Y_TICKS) {
    parts.push(
      `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e4e4e4"/>`,
      `<text x="${PLOT.left - 8}" y="${y(tick) + 4}" text-anchor="end" fill="#444">${fmt(tick)}</text>`,
    );
  }
  const hours = minutes / 60;
  for (let hour = 0; hour <= hours; hour += 2) {
    parts.push(
      `<line x1="${x(hour * 60)}" x2="${x(hour * 60)}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="#f0f0f0"/>`,
      `<text x="${x(hour * 60)}" y="${PLOT.bottom + 18}" text-anchor="middle" fill="#444">${hour}</text>`,
    );
  }
  parts.push(
    `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}" stroke="#888"/>`,
    `<line x1="${PLOT.left}" x2="${PLOT.left}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="#888"/>`,
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${HEIGHT - 16}" text-anchor="middle" fill="#222">simulated hour of the day</text>`,
    `<text transform="translate(20 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#222">Entra ID token requests per minute (log scale)</text>`,
  );
  const legend = [
    `<rect x="${PLOT.left + 8}" y="${y(60) - 12}" width="420" height="${series.length * 20 + 22}" fill="#ffffff" fill-opacity="0.85"/>`,
  ];
  series.forEach(({ label, color, perMinute }, i) => {
    const mean = perMinute.reduce((sum, v) => sum + v, 0) / minutes;
    const hourly = movingAverage(perMinute, 60);
    parts.push(
      `<path d="${path(perMinute)}" fill="none" stroke="${color}" stroke-opacity="0.3" stroke-width="1"/>`,
      `<path d="${path(hourly)}" fill="none" stroke="${color}" stroke-width="2.5" stroke-linejoin="round"/>`,
      `<text x="${PLOT.right + 8}" y="${y(hourly.at(-1)) + 4}" fill="${color}" font-weight="600">mean ${fmt(mean)}/min</text>`,
    );
    // Between the two orders of magnitude the patterns live in, over the faint lines.
    const legendY = y(60) + i * 20;
    legend.push(
      `<line x1="${PLOT.left + 14}" x2="${PLOT.left + 40}" y1="${legendY}" y2="${legendY}" stroke="${color}" stroke-width="3"/>`,
      `<text x="${PLOT.left + 48}" y="${legendY + 4}" fill="#222">${escape(label)}</text>`,
    );
  });
  parts.push(
    ...legend,
    `<text x="${PLOT.left + 48}" y="${y(60) + series.length * 20 + 4}" fill="#666">faint: each minute; bold: moving average over the last hour</text>`,
    "</svg>",
  );
  return `${parts.join("\n")}\n`;
}
