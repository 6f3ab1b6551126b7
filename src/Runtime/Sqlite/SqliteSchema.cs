namespace Ipvm.Durable.Sqlite;

/// <summary>
/// The tables: one file holds blocks, receipts, runs, task progress and the workflow journal. <c>seq</c> orders
/// receipts and runs by insertion; it is a plain rowid, not AUTOINCREMENT, since rows are never deleted (so the
/// next rowid is always the largest plus one) and AUTOINCREMENT writes its <c>sqlite_sequence</c> page in every
/// transaction that inserts a receipt or a run. Files created before keep AUTOINCREMENT, which orders the same.
/// </summary>
internal static class SqliteSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS blocks (
            cid   BLOB PRIMARY KEY,
            data  BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS receipts (
            seq         INTEGER PRIMARY KEY,
            cid         BLOB NOT NULL UNIQUE,
            instruction BLOB,
            ok          INTEGER NOT NULL,
            data        BLOB NOT NULL
        );
        CREATE INDEX IF NOT EXISTS receipts_ok_by_instruction ON receipts (instruction) WHERE ok = 1;
        CREATE TABLE IF NOT EXISTS runs (
            seq      INTEGER PRIMARY KEY,
            id       TEXT NOT NULL UNIQUE,
            status   INTEGER NOT NULL,
            workflow BLOB,
            name     TEXT,
            created  INTEGER NOT NULL,
            updated  INTEGER NOT NULL,
            request  INTEGER NOT NULL,
            error    TEXT
        );
        CREATE TABLE IF NOT EXISTS tasks (
            run         TEXT NOT NULL,
            idx         INTEGER NOT NULL,
            instruction BLOB NOT NULL,
            name        TEXT NOT NULL,
            state       INTEGER NOT NULL,
            replayed    INTEGER NOT NULL,
            receipt     BLOB,
            attempts    INTEGER NOT NULL,
            duration    INTEGER NOT NULL,
            PRIMARY KEY (run, idx)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS workflow_invocations (run_id TEXT PRIMARY KEY, invocation BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS workflow_effects (run_id TEXT NOT NULL, position INTEGER NOT NULL, instruction BLOB NOT NULL, PRIMARY KEY (run_id, position)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS workflow_events (run_id TEXT NOT NULL, name TEXT NOT NULL, idx INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (run_id, name, idx)) WITHOUT ROWID;
        """;
}
