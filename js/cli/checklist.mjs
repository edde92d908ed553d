// The doctor's steps: each runs, is timed, and ends ok (✓), warn (!: works, but worth a look),
// fail (✗, with the likely cause and the fix) or skipped (–: it needs a step that failed).
import { duration } from "./format.mjs";

const MARKS = { ok: "✓", warn: "!", fail: "✗", skipped: "–" };

export class Checklist {
  /**
   * @param {(step: object) => void} [onStep] called as each step ends, to show progress
   * @param {(wait: { name: string, seconds: number, doing?: string } | undefined) => void} [onWait]
   *   called each second a step has run for a second or more, and with undefined as it ends
   */
  constructor(onStep, onWait) {
    this.steps = [];
    this.onStep = onStep;
    this.onWait = onWait;
  }

  /**
   * Runs `check(doing)`, which resolves to `{ status = "ok", detail, cause?, fix?, value? }`; a
   * throw is a failure described by its message. `doing(describe)` gives a function that says what
   * the step waits for, for the progress lines. Resolves to `value` (undefined unless the step
   * passed or warned).
   */
  async run(name, check) {
    const started = performance.now();
    let describe;
    let waited = false;
    const ticker = setInterval(() => {
      waited = true;
      this.onWait?.({ name, seconds: Math.round((performance.now() - started) / 1000), doing: describe?.() });
    }, 1000);
    let outcome;
    try {
      outcome = await check((fn) => (describe = fn));
    } catch (error) {
      outcome = { status: "fail", detail: error.message };
    } finally {
      clearInterval(ticker);
      if (waited) this.onWait?.(undefined);
    }
    const { status = "ok", detail, cause, fix, value } = outcome;
    this.#add({ name, status, ms: Math.round(performance.now() - started), detail, cause, fix });
    return status === "fail" ? undefined : value;
  }

  skip(name, reason) {
    this.#add({ name, status: "skipped", detail: reason });
  }

  get failed() {
    return this.steps.filter((step) => step.status === "fail");
  }

  #add(step) {
    const defined = Object.fromEntries(Object.entries(step).filter(([, value]) => value !== undefined));
    this.steps.push(defined);
    this.onStep?.(defined);
  }
}

/**
 * Writes Checklist's waits to `stream` (stderr): "… waiting for the credential
 * (ManagedIdentityCredential retrying after HTTP 503, 2 requests failed), 3 s". On a terminal one
 * line is rewritten and cleared at the end; elsewhere (a log, CI) a line is added when what the step
 * waits for changes, or every 5 s.
 */
export function waitReporter(stream) {
  let last;
  return (wait) => {
    if (stream.isTTY) {
      stream.write(wait ? `\r\x1b[K… ${waitText(wait)}` : "\r\x1b[K");
      return;
    }
    if (!wait) return (last = undefined);
    const what = waitText({ ...wait, seconds: undefined });
    if (what === last && wait.seconds % 5 !== 0) return;
    last = what;
    stream.write(`… ${waitText(wait)}\n`);
  };
}

function waitText({ name, seconds, doing }) {
  const subject = name === "credential" ? "the credential" : `the ${name} step`;
  return `waiting for ${subject}${doing ? ` (${doing})` : ""}${seconds === undefined ? "" : `, ${seconds} s`}`;
}

/** A step as text: mark, name, time, detail, then cause and fix on their own lines. */
export function formatStep({ name, status, ms, detail, cause, fix }) {
  const time = ms === undefined ? "" : duration(ms);
  const lines = [`${MARKS[status]} ${name.padEnd(13)} ${time.padStart(7)}  ${detail}`];
  if (cause) lines.push(`${" ".repeat(24)}cause: ${cause}`);
  if (fix) lines.push(`${" ".repeat(24)}fix:   ${fix}`);
  return `${lines.join("\n")}\n`;
}
