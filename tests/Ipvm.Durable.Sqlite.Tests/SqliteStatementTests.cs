using Microsoft.Data.Sqlite;

namespace Ipvm.Durable.Sqlite.Tests;

/// <summary>
/// The writer's positional statements: every kind of value binds as itself (an empty blob stays a blob, null is
/// NULL), bindings are replaced on each use, a first row is read (RETURNING too), and a failed step reports SQLite's
/// error and leaves the statement usable.
/// </summary>
public sealed class SqliteStatementTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public SqliteStatementTests()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (k INTEGER PRIMARY KEY, b BLOB NOT NULL, s TEXT, n BLOB)";
        create.ExecuteNonQuery();
    }

    [Fact]
    public void Values_bind_by_position_as_themselves()
    {
        using var insert = new SqliteStatement(_connection, "INSERT INTO t (k, b, s, n) VALUES (?1, ?2, ?3, ?4)");

        Assert.Equal(1, insert.Bind(1, 7).Bind(2, [1, 2, 3]).Bind(3, "ä").BindNull(4).Execute());
        Assert.Equal(1, insert.Bind(1, long.MaxValue).Bind(2, ReadOnlySpan<byte>.Empty).Bind(3, "").Bind(4, [9]).Execute());

        Assert.Equal(["7|blob|010203|ä|null", $"{long.MaxValue}|blob|||09"], Rows());
    }

    [Fact]
    public void A_failed_step_throws_sqlites_error_and_the_statement_runs_again()
    {
        using var insert = new SqliteStatement(_connection, "INSERT INTO t (k, b) VALUES (?1, ?2)");
        insert.Bind(1, 1).Bind(2, [1]).Execute();

        var error = Assert.Throws<SqliteException>(() => insert.Bind(1, 1).Bind(2, [2]).Execute());

        Assert.Contains("UNIQUE constraint failed: t.k", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, insert.Bind(1, 2).Bind(2, [3]).Execute());
        Assert.Equal(2, Rows().Count);
    }

    [Fact]
    public void The_first_row_is_read_and_no_row_is_null()
    {
        using var upsert = new SqliteStatement(
            _connection,
            "INSERT INTO t (k, b) VALUES (?1, ?2) ON CONFLICT (k) DO UPDATE SET k = k RETURNING b");
        using var select = new SqliteStatement(_connection, "SELECT k FROM t WHERE k = ?1");

        Assert.Equal([1, 2], upsert.Bind(1, 5).Bind(2, [1, 2]).FirstBlob());
        Assert.Equal([1, 2], upsert.Bind(1, 5).Bind(2, [3]).FirstBlob()); // the recorded one, kept
        Assert.Equal(5, select.Bind(1, 5).FirstInt64());
        Assert.Null(select.Bind(1, 6).FirstInt64());
        Assert.Single(Rows());
    }

    public void Dispose() => _connection.Dispose();

    private List<string> Rows()
    {
        using var read = _connection.CreateCommand();
        read.CommandText = "SELECT k, typeof(b), hex(b), coalesce(s, '-'), n FROM t ORDER BY k";
        using var reader = read.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var n = reader.IsDBNull(4) ? "null" : Convert.ToHexString((byte[])reader[4]);
            rows.Add($"{reader.GetInt64(0)}|{reader.GetString(1)}|{reader.GetString(2)}|{reader.GetString(3)}|{n}");
        }

        return rows;
    }
}
