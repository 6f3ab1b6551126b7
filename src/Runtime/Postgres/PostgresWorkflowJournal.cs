using Ipvm.Durable.Ipld;
using Ipvm.Durable.Postgres.Migrations;
using Ipvm.Durable.Postgres.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ipvm.Durable.Postgres;

/// <summary>
/// The workflow journal in the store's PostgreSQL schema (tables of migration 0001): which invocation each
/// run executes, its effect journal and its event inbox. Every write commits before it returns, so an
/// effect's entry is durable before the effect starts. Operations are retried on transient errors like the
/// store's; invocations and effects are written if absent, so a retry is harmless. An event appended just as
/// the connection drops may, after the retry, be recorded twice (the interface gives events no identity).
/// Opened on a store (<see cref="Open(PostgresDurableStore)"/>), it shares the store's pool and starts a
/// workflow run in one transaction (<see cref="StartRunAsync"/>).
/// </summary>
public sealed partial class PostgresWorkflowJournal : IWorkflowJournal, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly RetryPolicy _retry;
    private readonly PostgresDurableStore? _store;

    private PostgresWorkflowJournal(NpgsqlDataSource dataSource, RetryPolicy retry, PostgresDurableStore? store)
    {
        _dataSource = dataSource;
        _retry = retry;
        _store = store;
    }

    /// <summary>The journal in <paramref name="store"/>'s schema, on its pool (the store's migrations created the tables); disposing it leaves the store open.</summary>
    public static PostgresWorkflowJournal Open(PostgresDurableStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new PostgresWorkflowJournal(store.DataSource, store.Retry, store);
    }

    /// <summary>Opens the journal with <paramref name="options"/>, migrating the schema if needed.</summary>
    public static async ValueTask<PostgresWorkflowJournal> OpenAsync(PostgresStoreOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var dataSource = PostgresDataSources.Create(options);
        try
        {
            var retry = new RetryPolicy(options, dataSource, logger ?? NullLogger.Instance);
            await PostgresMigrator.MigrateAsync(dataSource, options.Schema, retry, cancellationToken).ConfigureAwait(false);
            return new PostgresWorkflowJournal(dataSource, retry, null);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens the journal at a connection string or <c>postgres://</c> URL.</summary>
    public static ValueTask<PostgresWorkflowJournal> OpenAsync(string connectionStringOrUrl, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        OpenAsync(new PostgresStoreOptions { ConnectionString = connectionStringOrUrl }, logger, cancellationToken);

    /// <summary>Opens the journal synchronously; see <see cref="OpenAsync(PostgresStoreOptions, ILogger?, CancellationToken)"/>.</summary>
    public static PostgresWorkflowJournal Open(PostgresStoreOptions options, ILogger? logger = null) =>
        OpenAsync(options, logger).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public async ValueTask SaveInvocationAsync(string runId, Cid instructionCid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instructionCid);
        var existing = await ScalarAsync<byte[]>(
            "INSERT INTO workflow_invocations (run_id, invocation) VALUES ($1, $2) ON CONFLICT (run_id) DO UPDATE SET run_id = EXCLUDED.run_id RETURNING invocation",
            cancellationToken, runId, instructionCid.Bytes.ToArray()).ConfigureAwait(false);
        if (existing is not null && !existing.AsSpan().SequenceEqual(instructionCid.Bytes))
        {
            throw new InvalidOperationException($"The run {runId} already executes {Cid.FromBytes(existing)}.");
        }
    }

    /// <inheritdoc />
    public async ValueTask<Cid?> GetInvocationAsync(string runId, CancellationToken cancellationToken = default) =>
        await ScalarAsync<byte[]>("SELECT invocation FROM workflow_invocations WHERE run_id = $1", cancellationToken, runId).ConfigureAwait(false) is { } bytes
            ? Cid.FromBytes(bytes)
            : null;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<int, Cid>> LoadEffectsAsync(string runId, CancellationToken cancellationToken = default) =>
        await _retry.RunAsync(async (_, ct) =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var command = Command(connection, "SELECT position, instruction FROM workflow_effects WHERE run_id = $1", runId);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var effects = new Dictionary<int, Cid>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                effects[reader.GetInt32(0)] = Cid.FromBytes(reader.GetFieldValue<byte[]>(1));
            }

            return effects;
        }, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask RecordEffectAsync(string runId, int position, Cid instructionCid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instructionCid);
        var recorded = await ScalarAsync<byte[]>(
            "INSERT INTO workflow_effects (run_id, position, instruction) VALUES ($1, $2, $3) ON CONFLICT (run_id, position) DO UPDATE SET run_id = EXCLUDED.run_id RETURNING instruction",
            cancellationToken, runId, position, instructionCid.Bytes.ToArray()).ConfigureAwait(false);
        if (recorded is not null && !recorded.AsSpan().SequenceEqual(instructionCid.Bytes))
        {
            throw new InvalidOperationException($"The run {runId} already records {Cid.FromBytes(recorded)} at effect position {position}.");
        }
    }

    /// <inheritdoc />
    public async ValueTask<int> AppendEventAsync(string runId, string name, IpldValue payload, CancellationToken cancellationToken = default)
    {
        var bytes = DagCbor.Encode(payload);
        while (true)
        {
            try
            {
                return await ScalarAsync<int>(
                    "INSERT INTO workflow_events (run_id, name, idx, payload) SELECT $1, $2, COALESCE(MAX(idx) + 1, 0), $3 FROM workflow_events WHERE run_id = $1 AND name = $2 RETURNING idx",
                    cancellationToken, runId, name, bytes).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Another host appended an event of this name at the same index first: take the next one.
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<IpldValue?> GetEventAsync(string runId, string name, int index, CancellationToken cancellationToken = default) =>
        await ScalarAsync<byte[]>("SELECT payload FROM workflow_events WHERE run_id = $1 AND name = $2 AND idx = $3", cancellationToken, runId, name, index).ConfigureAwait(false) is { } bytes
            ? DagCbor.Decode(bytes)
            : null;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _store is null ? _dataSource.DisposeAsync() : ValueTask.CompletedTask;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_store is null)
        {
            _dataSource.Dispose();
        }
    }

    private Task<T?> ScalarAsync<T>(string sql, CancellationToken cancellationToken, params object[] values) =>
        _retry.RunAsync(async (_, ct) =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var command = Command(connection, sql, values);
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is T value ? value : default;
        }, cancellationToken);

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
