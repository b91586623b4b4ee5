import Database from 'better-sqlite3';
import type { SqlValue, SqliteConnection, SqliteDriver, SqliteStatement } from './sqlite-driver';

/** The SqliteDriver on better-sqlite3: synchronous, prepared statements, raw (array) rows. */
export const betterSqlite3Driver: SqliteDriver = {
  name: 'better-sqlite3',
  open(filePath: string): SqliteConnection {
    const db = new Database(filePath);
    return {
      prepare: (sql) => wrapStatement(db.prepare(sql)),
      exec: (sql) => {
        db.exec(sql);
      },
      transaction: <T>(fn: () => T): T => db.transaction(fn)(),
      backup: async (destinationPath) => {
        await db.backup(destinationPath);
      },
      close: () => {
        db.close();
      },
    };
  },
};

function wrapStatement(statement: Database.Statement): SqliteStatement {
  // Raw mode returns rows as arrays: no object per row, and it only exists on statements that read.
  const raw = statement.reader ? statement.raw(true) : statement;
  return {
    run: (params = []) => {
      const result = raw.run(...params);
      return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
    },
    rows: (params = []) => raw.all(...params) as SqlValue[][],
    iterateRows: (params = []) => raw.iterate(...params) as IterableIterator<SqlValue[]>,
  };
}
