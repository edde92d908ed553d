// What the front doors' login readers share, whatever the wire protocol (pg/wire.mjs MessageReader,
// mysql/wire.mjs PacketReader): bytes kept as they come off the socket, a read that waits for a
// whole frame, and detach(), which hands back what was read ahead (a client may send its first
// query before it hears back, so none of it may be lost).
export class SocketReader {
  #socket;
  #buffered = Buffer.alloc(0);
  #waiting;
  #ended;
  #closedMessage;
  #onData = (chunk) => {
    this.#buffered = this.#buffered.length ? Buffer.concat([this.#buffered, chunk]) : chunk;
    this.#wake();
  };
  #onEnd = () => {
    this.#ended = new Error(this.#closedMessage);
    this.#wake();
  };

  /** `leftover`: bytes already read off `socket`; `closedMessage`: the error when it ends mid-frame. */
  constructor(socket, { leftover, closedMessage }) {
    this.#socket = socket;
    this.#closedMessage = closedMessage;
    if (leftover?.length) this.#buffered = leftover;
    socket.on("data", this.#onData);
    socket.on("end", this.#onEnd);
    socket.on("close", this.#onEnd);
  }

  #wake() {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.();
  }

  /**
   * The next frame, taken off the front once whole: `frameLength(buffered)` gives its length in
   * bytes, or undefined while too little has come to tell (and throws on a length it refuses).
   */
  async take(frameLength) {
    for (;;) {
      const length = frameLength(this.#buffered);
      if (length !== undefined && this.#buffered.length >= length) {
        const frame = this.#buffered.subarray(0, length);
        this.#buffered = this.#buffered.subarray(length);
        return frame;
      }
      if (this.#ended) throw this.#ended;
      await new Promise((resolve) => (this.#waiting = resolve));
    }
  }

  detach() {
    this.#socket.off("data", this.#onData);
    this.#socket.off("end", this.#onEnd);
    this.#socket.off("close", this.#onEnd);
    return this.#buffered;
  }
}
