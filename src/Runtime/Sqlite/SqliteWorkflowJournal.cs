using Ipvm.Durable.Ipld;
using Microsoft.Data.Sqlite;

namespace Ipvm.Durable.Sqlite;

/// <summary>
/// The workflow journal in the store's SQLite file, in tables of its own: which invocation each run executes,
/// its effect journal, and its event inbox. Every write commits (with the file's <c>synchronous</c> setting)
/// before it returns, so an effect's entry is durable before the effect starts. It uses its own connection,
/// serialized by a lock; SQLite's busy timeout waits out the store's writer.
/// </summary>
public sealed class SqliteWorkflowJournal : IWorkflowJournal, IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS workflow_invocations (run_id TEXT PRIMARY KEY, invocation BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS workflow_effects (run_id TEXT NOT NULL, position INTEGER NOT NULL, instruction BLOB NOT NULL, PRIMARY KEY (run_id, position)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS workflow_events (run_id TEXT NOT NULL, name TEXT NOT NULL, idx INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (run_id, name, idx)) WITHOUT ROWID;
        """;

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;

    private SqliteWorkflowJournal(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens (creating if needed) the journal tables in the SQLite file at <paramref name="path"/>.</summary>
    public static SqliteWorkflowJournal Open(string path, SqliteStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new SqliteStoreOptions();
        options.Validate();
        SQLitePCL.Batteries_V2.Init();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = false }.ToString());
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"PRAGMA busy_timeout={(int)options.BusyTimeout.TotalMilliseconds}; PRAGMA journal_mode=WAL; PRAGMA synchronous={options.Synchronous};" + Schema;
            command.ExecuteNonQuery();
        }

        return new SqliteWorkflowJournal(connection);
    }

    /// <inheritdoc />
    public ValueTask SaveInvocationAsync(string runId, Cid instructionCid, CancellationToken cancellationToken = default)
    {
        var existing = Scalar<byte[]>("INSERT INTO workflow_invocations (run_id, invocation) VALUES ($run, $cid) ON CONFLICT (run_id) DO UPDATE SET run_id = run_id RETURNING invocation", ("$run", runId), ("$cid", instructionCid.Bytes.ToArray()));
        return existing is not null && !existing.AsSpan().SequenceEqual(instructionCid.Bytes)
            ? throw new InvalidOperationException($"The run {runId} already executes {Cid.FromBytes(existing)}.")
            : ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<Cid?> GetInvocationAsync(string runId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Scalar<byte[]>("SELECT invocation FROM workflow_invocations WHERE run_id = $run", ("$run", runId)) is { } bytes ? Cid.FromBytes(bytes) : null);

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<int, Cid>> LoadEffectsAsync(string runId, CancellationToken cancellationToken = default)
    {
        var effects = new Dictionary<int, Cid>();
        lock (_gate)
        {
            using var command = Command("SELECT position, instruction FROM workflow_effects WHERE run_id = $run", ("$run", runId));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                effects[reader.GetInt32(0)] = Cid.FromBytes((byte[])reader.GetValue(1));
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<int, Cid>>(effects);
    }

    /// <inheritdoc />
    public ValueTask RecordEffectAsync(string runId, int position, Cid instructionCid, CancellationToken cancellationToken = default)
    {
        var recorded = Scalar<byte[]>(
            "INSERT INTO workflow_effects (run_id, position, instruction) VALUES ($run, $position, $cid) ON CONFLICT (run_id, position) DO UPDATE SET run_id = run_id RETURNING instruction",
            ("$run", runId), ("$position", position), ("$cid", instructionCid.Bytes.ToArray()));
        return recorded is not null && !recorded.AsSpan().SequenceEqual(instructionCid.Bytes)
            ? throw new InvalidOperationException($"The run {runId} already records {Cid.FromBytes(recorded)} at effect position {position}.")
            : ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<int> AppendEventAsync(string runId, string name, IpldValue payload, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult((int)Scalar<long>(
            "INSERT INTO workflow_events (run_id, name, idx, payload) VALUES ($run, $name, (SELECT COUNT(*) FROM workflow_events WHERE run_id = $run AND name = $name), $payload) RETURNING idx",
            ("$run", runId), ("$name", name), ("$payload", DagCbor.Encode(payload))));

    /// <inheritdoc />
    public ValueTask<IpldValue?> GetEventAsync(string runId, string name, int index, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Scalar<byte[]>("SELECT payload FROM workflow_events WHERE run_id = $run AND name = $name AND idx = $idx", ("$run", runId), ("$name", name), ("$idx", index)) is { } bytes
            ? DagCbor.Decode(bytes)
            : null);

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private T? Scalar<T>(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = Command(sql, parameters);
            var value = command.ExecuteScalar();
            return value is null or DBNull ? default : (T)value;
        }
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
