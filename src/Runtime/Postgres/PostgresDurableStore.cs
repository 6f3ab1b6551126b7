using Ipvm.Durable.Ipld;
using Ipvm.Durable.Postgres.Migrations;
using Ipvm.Durable.Postgres.Resilience;
using Ipvm.Durable.Postgres.Writes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ipvm.Durable.Postgres;

/// <summary>
/// The store on PostgreSQL, shared by any number of hosts. Opening it migrates the schema. Writes go
/// through a group-commit loop (writes arriving together share one transaction and round trip); reads run
/// on pooled connections. Every operation is retried on transient errors with bounded backoff, and every
/// write is idempotent (insert-if-absent, upserts) so a retry after a lost acknowledgement neither loses nor
/// duplicates anything. Receipts and blocks read back are checked against their CIDs; a corrupt row is
/// logged and treated as absent.
/// </summary>
public sealed partial class PostgresDurableStore : IDurableStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly RetryPolicy _retry;
    private readonly GroupCommitWriter _writer;
    private readonly ILogger _logger;

    private PostgresDurableStore(NpgsqlDataSource dataSource, PostgresStoreOptions options, RetryPolicy retry, ILogger logger)
    {
        _dataSource = dataSource;
        _retry = retry;
        _logger = logger;
        Schema = options.Schema;
        _writer = new GroupCommitWriter(dataSource, retry, options.MaxBatch);
    }

    /// <summary>The schema holding the tables.</summary>
    public string Schema { get; }

    /// <summary>The pool, shared with a journal opened on this store.</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>The retry policy, shared with a journal opened on this store.</summary>
    internal RetryPolicy Retry => _retry;

    /// <summary>Opens the store at <paramref name="connectionStringOrUrl"/> (an Npgsql connection string or a <c>postgres://</c> URL), migrating its schema.</summary>
    public static ValueTask<PostgresDurableStore> OpenAsync(string connectionStringOrUrl, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        OpenAsync(new PostgresStoreOptions { ConnectionString = connectionStringOrUrl }, logger, cancellationToken);

    /// <summary>Opens the store with <paramref name="options"/>, migrating its schema (safe from several hosts at once).</summary>
    public static async ValueTask<PostgresDurableStore> OpenAsync(PostgresStoreOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        logger ??= NullLogger.Instance;
        var dataSource = PostgresDataSources.Create(options);
        try
        {
            var retry = new RetryPolicy(options, dataSource, logger);
            await PostgresMigrator.MigrateAsync(dataSource, options.Schema, retry, cancellationToken).ConfigureAwait(false);
            return new PostgresDurableStore(dataSource, options, retry, logger);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens the store synchronously (for hosts that build services without awaiting); see <see cref="OpenAsync(PostgresStoreOptions, ILogger?, CancellationToken)"/>.</summary>
    public static PostgresDurableStore Open(PostgresStoreOptions options, ILogger? logger = null) =>
        OpenAsync(options, logger).AsTask().GetAwaiter().GetResult();

    /// <summary>Opens the store synchronously at a connection string or <c>postgres://</c> URL.</summary>
    public static PostgresDurableStore Open(string connectionStringOrUrl, ILogger? logger = null) =>
        Open(new PostgresStoreOptions { ConnectionString = connectionStringOrUrl }, logger);

    /// <summary>Finishes queued writes and closes the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Runs a read on a pooled connection, retried on transient errors.</summary>
    private Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        _retry.RunAsync(async (_, ct) =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            return await read(connection, ct).ConfigureAwait(false);
        }, cancellationToken);

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    [LoggerMessage(2102, LogLevel.Error, "Corrupt {What} {Cid} in PostgreSQL schema {Schema}: {Problem}; treated as absent and recomputed")]
    private static partial void LogCorrupt(ILogger logger, string what, Cid cid, string schema, string problem);
}
