// Misbehaviour the identity endpoint is told to show, each for a number of requests (`count`),
// a time window (`forMs`), or until cleared. Requests consume faults as they arrive.

export function createFaults() {
  let active = [];
  let release;
  let released;

  function rearmHang() {
    released = new Promise((resolve) => (release = resolve));
  }
  rearmHang();

  return {
    add(kind, detail, { count, forMs } = {}) {
      if (count !== undefined && !(Number.isInteger(count) && count > 0)) {
        throw new TypeError("count must be a positive integer");
      }
      if (forMs !== undefined && !(forMs > 0)) throw new TypeError("forMs must be a positive number");
      active.push({
        kind,
        detail,
        remaining: count ?? Infinity,
        until: forMs === undefined ? Infinity : Date.now() + forMs,
      });
    },

    /** The detail of the first live fault of `kind`, counting this request against it; else undefined. */
    take(kind) {
      const now = Date.now();
      active = active.filter((f) => f.remaining > 0 && f.until > now);
      const fault = active.find((f) => f.kind === kind);
      if (!fault) return undefined;
      fault.remaining -= 1;
      return fault.detail;
    },

    /** Settles once `clear()` lets hung requests go. */
    get released() {
      return released;
    },

    clear() {
      active = [];
      release();
      rearmHang();
    },
  };
}
