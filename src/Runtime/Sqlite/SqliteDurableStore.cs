using System.Collections.Concurrent;
using System.Threading.Channels;
using Ipvm.Durable.Ipld;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipvm.Durable.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, <c>synchronous=FULL</c> by default. All writes go
/// through one writer loop that drains its queue into a single transaction (group commit), so a receipt and
/// the run's progress commit together and tasks finishing together share an fsync. Reads run on pooled
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
    private readonly Channel<SqliteWriteOp> _writes = Channel.CreateUnbounded<SqliteWriteOp>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentBag<SqliteSession> _readers = [];
    private readonly SqliteWriter _writer;
    private readonly Task _writerLoop;

    private SqliteDurableStore(string path, SqliteStoreOptions options, ILogger logger)
    {
        Path = path;
        _options = options;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        var connection = Connect();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={options.Synchronous};" + SqliteSchema.Create;
            command.ExecuteNonQuery();
        }

        _writer = new SqliteWriter(connection);
        _writerLoop = Task.Run(WriteLoopAsync);
    }

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
        _writes.Writer.TryComplete();
        await _writerLoop.ConfigureAwait(false);
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

    internal async Task<object?> WriteAsync(Func<SqliteWriter, object?> action, bool derivable = false)
    {
        var op = new SqliteWriteOp(action, derivable);
        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(op), this);

        return await op.Task.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var reader = _writes.Reader;
        var batch = new List<SqliteWriteOp>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _options.MaxBatch && reader.TryRead(out var op))
            {
                batch.Add(op);
            }

            try
            {
                RunInTransaction(batch);
                foreach (var op in batch)
                {
                    op.Succeed();
                }
            }
            catch (SqliteException)
            {
                // One write failed: run each alone so only that one reports the error.
                foreach (var op in batch)
                {
                    try
                    {
                        RunInTransaction([op]);
                        op.Succeed();
                    }
                    catch (Exception e)
                    {
                        op.Fail(e);
                    }
                }
            }
            catch (Exception e)
            {
                foreach (var op in batch)
                {
                    op.Fail(e);
                }
            }
        }
    }

    private void RunInTransaction(List<SqliteWriteOp> batch)
    {
        // WAL appends commits in order, so a commit without fsync is made durable by the next synced one.
        var unsynced = _options.Synchronous is "FULL" or "EXTRA" && batch.TrueForAll(static op => op.Derivable);
        if (unsynced)
        {
            _writer.SetSynchronous("NORMAL");
        }

        try
        {
            using var transaction = _writer.Connection.BeginTransaction();
            _writer.Transaction = transaction;
            foreach (var op in batch)
            {
                op.Execute(_writer);
            }

            transaction.Commit();
        }
        finally
        {
            _writer.Transaction = null;
            if (unsynced)
            {
                _writer.SetSynchronous(_options.Synchronous);
            }
        }
    }

    private T Read<T>(Func<SqliteSession, T> read)
    {
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
}
