using Ipvm.Durable.Postgres.Tests.Fixture;
using Npgsql;

namespace Ipvm.Durable.Postgres.Tests.Queue;

/// <summary>A fresh database with the store (and so the queue) migrated, and the keyed sink's tables.</summary>
internal static class QueueDatabase
{
    public static async Task<(string ConnectionString, PostgresDurableStore Store)> CreateAsync(PostgresServer? server = null)
    {
        var connectionString = await (server ?? PostgresServer.Shared).CreateDatabaseAsync();
        var store = await OpenAsync(connectionString);
        await ExecuteAsync(connectionString, MixedWorkload.SinkSchema);
        return (connectionString, store);
    }

    /// <summary>A store patient enough to wait out a server restart (the bound is for liveness only).</summary>
    public static async Task<PostgresDurableStore> OpenAsync(string connectionString) =>
        await PostgresDurableStore.OpenAsync(new PostgresStoreOptions
        {
            ConnectionString = connectionString,
            MaxRetryAttempts = 1000,
            MaxRetryDelay = TimeSpan.FromMilliseconds(500),
        });

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<List<T>> ColumnAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Search Path=ipvm");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    public static DurableWorkerOptions Options(string id, params string[] labels)
    {
        var options = new DurableWorkerOptions
        {
            WorkerId = id,
            Concurrency = 4,
            PollInterval = TimeSpan.FromMilliseconds(10),
            LeaseDuration = TimeSpan.FromSeconds(30),
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            StoreRetryMaxDelay = TimeSpan.FromMilliseconds(500),
        };
        foreach (var label in labels)
        {
            options.Labels.Add(label);
        }

        return options;
    }

    /// <summary>Runs <paramref name="first"/> until the run ends and the others beside it; a generous bound for liveness only.</summary>
    public static async Task<RunRecord> RunUntilFinishedAsync(string runId, DurableWorker first, params DurableWorker[] others)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var rest = others.Select(w => w.RunAsync(stop.Token)).ToArray();
        try
        {
            return await first.RunUntilFinishedAsync(runId, stop.Token);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(rest);
        }
    }
}
