using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ipvm.Durable.Sqlite;

/// <summary>
/// A statement prepared once on the writer's connection, bound by position and stepped directly. The writer's
/// statements that run in every transaction or every run (a receipt, a task record, a block, a run's record,
/// invocation and status, BEGIN and COMMIT) cost up to a third more through <see cref="SqliteCommand"/>, which binds
/// each parameter by looking its name up among the statement's names, runs every statement through a data reader,
/// and needs each CID copied into an array. Not thread-safe; the writer loop is its only user.
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

    /// <summary>Binds text, or NULL when <paramref name="value"/> is null.</summary>
    public SqliteStatement Bind(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));

    public SqliteStatement BindNull(int index) => Check(raw.sqlite3_bind_null(_statement, index));

    /// <summary>Runs the statement and resets it; returns the rows it changed.</summary>
    public int Execute()
    {
        try
        {
            StepOnce();
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Runs the statement and resets it; returns the first row's first column, or null without a row.</summary>
    /// <remarks>An INSERT or UPDATE ... RETURNING makes all its changes in its first step.</remarks>
    public long? FirstInt64()
    {
        try
        {
            return StepOnce() ? raw.sqlite3_column_int64(_statement, 0) : null;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <inheritdoc cref="FirstInt64" />
    public byte[]? FirstBlob()
    {
        try
        {
            return StepOnce() ? raw.sqlite3_column_blob(_statement, 0).ToArray() : null;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    // True at a row, false at the end; SQLite's error as an exception otherwise. The caller resets the statement, which
    // also ends one stopped at a row and releases its read of the database.
    private bool StepOnce()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc is raw.SQLITE_ROW or raw.SQLITE_DONE)
        {
            return rc == raw.SQLITE_ROW;
        }

        SqliteException.ThrowExceptionForRC(rc, _db);
        throw new InvalidOperationException($"SQLite step returned {rc}.");
    }

    private SqliteStatement Check(int rc)
    {
        SqliteException.ThrowExceptionForRC(rc, _db);
        return this;
    }
}
