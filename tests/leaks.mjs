// Finding a token, or any 20-character piece of one, in text that should hold none: logs, error
// messages and stacks, util.inspect output. Shared by the bad-input table and the no-leaks test.

/** A piece this long of a token is a leak: far longer than anything two tokens share by chance. */
export const PIECE = 20;

/** The tokens to look for; add each one as it is handed out. */
export class Secrets {
  #pieces = new Set();
  #short = new Set();
  count = 0;

  add(token) {
    if (typeof token !== "string" || token === "") return;
    this.count += 1;
    if (token.length < PIECE) this.#short.add(token);
    for (let i = 0; i + PIECE <= token.length; i++) this.#pieces.add(token.slice(i, i + PIECE));
  }

  /** Where in `text` a token or a piece of one appears: `[{ at, before }]`, the text before each hit, never the hit. */
  find(text) {
    const hits = [];
    for (let i = 0; i + PIECE <= text.length; i++) {
      if (this.#pieces.has(text.slice(i, i + PIECE))) {
        hits.push({ at: i, before: text.slice(Math.max(0, i - 60), i) });
        i += PIECE - 1;
      }
    }
    for (const token of this.#short) {
      const at = text.indexOf(token);
      if (at >= 0) hits.push({ at, before: text.slice(Math.max(0, at - 60), at) });
    }
    return hits;
  }
}
