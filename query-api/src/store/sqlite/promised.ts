// The store interfaces are asynchronous (so that PostgreSQL can sit behind them); better-sqlite3 answers
// synchronously. The SQLite stores are written synchronously and wrapped here: each method returns a promise
// settled with its value or rejected with what it threw. A method runs to its end before any other code does,
// so each one stays atomic within the process, and a multi-step change stays in one SQLite transaction.

/** An asynchronous store interface as its SQLite implementation writes it: each method returns its value. */
export type Synchronous<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : T[K];
};

/**
 * The asynchronous store over a synchronous implementation. Methods named in `asIs` (those that already return
 * something asynchronous, such as an async iterator) and non-function properties are kept as they are.
 */
export function promised<T extends object>(impl: Synchronous<T>, asIs: readonly (keyof T)[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(impl) as [string, unknown][]) {
    if (typeof value !== 'function' || asIs.includes(name as keyof T)) {
      out[name] = value;
      continue;
    }
    const fn = value as (...args: unknown[]) => unknown;
    out[name] = (...args: unknown[]): Promise<unknown> => {
      try {
        return Promise.resolve(fn(...args));
      } catch (err) {
        return Promise.reject(err as Error);
      }
    };
  }
  return out as T;
}
