// Per-process serialisation of store operations made of several calls. While the stores answered synchronously,
// a read followed by the write that depends on it (a throttle row read then saved, a daily count checked before
// an insert) could not be interleaved with another request of the same process; with asynchronous stores it can.
// A KeyedQueue runs the operations of one key one after another, and those of different keys freely. (Across
// processes each store call is atomic on its own, as it always was.)

export class KeyedQueue {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `task` once every earlier task of `key` has settled; resolves or rejects as the task does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    const result = previous ? previous.then(task) : start(task);
    const tail = result.then(settled, settled);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting (for tests). */
  get size(): number {
    return this.#tails.size;
  }
}

function settled(): void {}

function start<T>(task: () => Promise<T>): Promise<T> {
  try {
    return task();
  } catch (err) {
    return Promise.reject(err as Error);
  }
}
