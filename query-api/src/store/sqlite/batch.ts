// Multi-row INSERT batching for the bulk load: one prepared statement binds many rows at once, which cuts the
// per-row cost of crossing from JavaScript into SQLite (the load's bottleneck at a million persons).
import type Database from 'better-sqlite3';

export class Batch {
  /** Values of the pending rows, flat, in column order. Callers push one row's values, then call end(). */
  readonly v: (string | number | null)[] = [];
  private rows = 0;
  private readonly statements = new Map<number, Database.Statement>();
  inserted = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly rowsPerStatement = 100,
  ) {}

  end(): void {
    if (++this.rows === this.rowsPerStatement) this.flush();
  }

  flush(): void {
    if (this.rows === 0) return;
    if (this.v.length !== this.rows * this.columns.length) {
      throw new Error(
        `${this.table}: ${this.v.length} values for ${this.rows} rows of ${this.columns.length}`,
      );
    }
    this.statement(this.rows).run(this.v);
    this.inserted += this.rows;
    this.v.length = 0;
    this.rows = 0;
  }

  private statement(rows: number): Database.Statement {
    let statement = this.statements.get(rows);
    if (!statement) {
      const one = `(${this.columns.map(() => '?').join(',')})`;
      const sql = `INSERT INTO ${this.table} (${this.columns.join(',')}) VALUES ${Array(rows).fill(one).join(',')}`;
      statement = this.db.prepare(sql);
      this.statements.set(rows, statement);
    }
    return statement;
  }
}
