using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipvm.Durable.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, <c>synchronous=FULL</c> by default. All writes go
/// through one writer connection's queue, drained into a single transaction at a time (group commit,
/// <see cref="SqliteWriteQueue"/>), so a receipt and the run's progress commit together and tasks finishing
/// together share an fsync. Reads run on pooled
/// connections and complete synchronously; every receipt and block read is checked against its CID, and a
/// corrupt row is logged and treated as absent.
/// </summary>
public sealed partial class SqliteDurableStore : IDurableStore
{
    private static readonly Lazy<bool> Initialized = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly string _connectionString;
    private readonly SqliteStoreOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentBag<SqliteSession> _readers = [];
    private readonly SqliteWriter _writer;
    private readonly SqliteWriteQueue _writes;
    private readonly SqliteWalSync _walSync;

    private SqliteDurableStore(string path, SqliteStoreOptions options, ILogger logger)
    {
        Path = path;
        _options = options;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        var connection = Connect();
        var syncing = options.Synchronous is "FULL" or "EXTRA";
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={options.Synchronous};" + SqliteSchema.Create;
            command.ExecuteNonQuery();
            if (syncing)
            {
                // One write that SQLite syncs itself (user_version rewritten): it creates the WAL file if there is none
                // and syncs its directory entry too, which SqliteWalSync's fsyncs, of the file alone, do not. From then
                // on the writer commits with NORMAL and SqliteWalSync syncs.
                command.CommandText = "PRAGMA user_version";
                var version = (long)command.ExecuteScalar()!;
                command.CommandText = $"PRAGMA user_version = {version}; PRAGMA synchronous=NORMAL;";
                command.ExecuteNonQuery();
            }
        }

        _writer = new SqliteWriter(connection);
        _walSync = new SqliteWalSync(path + "-wal");
        _writes = new SqliteWriteQueue(_writer, _walSync, syncing, options.MaxBatch);
    }

    /// <summary>The WAL's fsyncs (for tests).</summary>
    internal SqliteWalSync WalSync => _walSync;

    /// <summary>The writer's queue (for tests).</summary>
    internal SqliteWriteQueue Writes => _writes;

    /// <summary>The writer connection (for tests).</summary>
    internal SqliteWriter Writer => _writer;

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if needed) the store in the file <paramref name="path"/>; its directory is created too.</summary>
    public static SqliteDurableStore Open(string path, SqliteStoreOptions? options = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new SqliteStoreOptions();
        options.Validate();
        _ = Initialized.Value;
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return new SqliteDurableStore(full, options, logger ?? NullLogger.Instance);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writes.DisposeAsync().ConfigureAwait(false);
        _walSync.Dispose();
        _writer.Dispose();
        _writer.Connection.Dispose();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout={(int)_options.BusyTimeout.TotalMilliseconds};";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Queues a write and returns once its transaction is committed. <paramref name="onCallerThread"/>: the caller
    /// would only block waiting for it (a synced write on a worker thread), so when the writer is idle it commits
    /// right here instead of handing the write to another thread and back.
    /// </summary>
    internal async Task<object?> WriteAsync(Func<SqliteWriter, object?> action, bool derivable = false, bool onCallerThread = false) =>
        await _writes.Write(new SqliteWriteOp(action, derivable), onCallerThread).ConfigureAwait(false);

    private T Read<T>(Func<SqliteSession, T> read)
    {
        // Read what this store has written: a run's lazy last commit first (free when there is none).
        _writes.CommitLazyWrites();
        if (!_readers.TryTake(out var session))
        {
            session = new SqliteSession(Connect());
        }

        try
        {
            return read(session);
        }
        finally
        {
            _readers.Add(session);
        }
    }

    [LoggerMessage(2001, LogLevel.Error, "Corrupt {What} {Cid} in {Path}: {Problem}; treated as absent and recomputed")]
    private static partial void LogCorrupt(ILogger logger, string what, Cid cid, string path, string problem);

    [LoggerMessage(2002, LogLevel.Error, "A run's last commit (derivable: its own receipt, its status) failed; the run stays running until a resume completes it")]
    private static partial void LogLazyWriteFailed(ILogger logger, Exception exception);
}
