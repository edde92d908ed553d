// The doctor's steps: each runs, is timed, and ends ok (✓), warn (!: works, but worth a look),
// fail (✗, with the likely cause and the fix) or skipped (–: it needs a step that failed).
import { duration } from "./format.mjs";

const MARKS = { ok: "✓", warn: "!", fail: "✗", skipped: "–" };

export class Checklist {
  /** @param {(step: object) => void} [onStep] called as each step ends, to show progress */
  constructor(onStep) {
    this.steps = [];
    this.onStep = onStep;
  }

  /**
   * Runs `check`, which resolves to `{ status = "ok", detail, cause?, fix?, value? }`; a throw is a
   * failure described by its message. Resolves to `value` (undefined unless the step passed or warned).
   */
  async run(name, check) {
    const started = performance.now();
    let outcome;
    try {
      outcome = await check();
    } catch (error) {
      outcome = { status: "fail", detail: error.message };
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

/** A step as text: mark, name, time, detail, then cause and fix on their own lines. */
export function formatStep({ name, status, ms, detail, cause, fix }) {
  const time = ms === undefined ? "" : duration(ms);
  const lines = [`${MARKS[status]} ${name.padEnd(13)} ${time.padStart(7)}  ${detail}`];
  if (cause) lines.push(`${" ".repeat(24)}cause: ${cause}`);
  if (fix) lines.push(`${" ".repeat(24)}fix:   ${fix}`);
  return `${lines.join("\n")}\n`;
}
