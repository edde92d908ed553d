// How the CLI shows times: local wall-clock time with its UTC offset (what a person compares with
// their clock and their logs), spans rounded the way people say them, and step durations.

const pad = (n) => String(n).padStart(2, "0");

/** "2026-11-25 18:01:49 +01:00": local time, with the offset so that it is unambiguous in a paste. */
export function localTime(ms) {
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone}`;
}

function span(ms) {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "in 47 min" or "3 min ago". */
export function relative(at, now = Date.now()) {
  return at >= now ? `in ${span(at - now)}` : `${span(at - now)} ago`;
}

/** "72 ms", "1.4 s". */
export function duration(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
