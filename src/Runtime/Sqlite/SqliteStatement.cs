using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ipvm.Durable.Sqlite;

/// <summary>
/// A statement prepared once on the writer's connection, bound by position and stepped directly. The writer's hot
/// statements (a receipt, a task record, a block, BEGIN and COMMIT) run in every transaction, and
/// <see cref="SqliteCommand"/> costs about a third of a small insert's time on top of SQLite's own work: it binds each
/// parameter by looking its name up among the statement's names and runs every statement through a data reader.
/// Not thread-safe; the writer loop is its only user.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The writer's connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    /// <summary>Binds a blob (copied by SQLite) to the 1-based parameter <paramref name="index"/>.</summary>
    public SqliteStatement Bind(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(_statement, index, value));

    public SqliteStatement Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public SqliteStatement Bind(int index, string value) => Check(raw.sqlite3_bind_text(_statement, index, value));

    public SqliteStatement BindNull(int index) => Check(raw.sqlite3_bind_null(_statement, index));

    /// <summary>Runs the statement to its end and resets it; returns the rows it changed.</summary>
    public int Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        try
        {
            if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            // Reset also ends a statement stopped at a row and releases its read of the database.
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private SqliteStatement Check(int rc)
    {
        SqliteException.ThrowExceptionForRC(rc, _db);
        return this;
    }
}
