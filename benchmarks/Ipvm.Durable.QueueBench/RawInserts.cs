using System.Diagnostics;
using Npgsql;

namespace Ipvm.Durable.QueueBench;

/// <summary>The server's baseline: single-row INSERTs, each its own transaction (one commit, one WAL flush), per client in a loop.</summary>
internal static class RawInserts
{
    public static async Task<double> RateAsync(string connectionString, int clients, TimeSpan duration)
    {
        await CreateTableAsync(connectionString);
        var stopwatch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => LoopAsync(connectionString, stopwatch, duration)));
        return counts.Sum() / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The floor under a durable step's latency: the round-trip time of <paramref name="count"/> single-row INSERT
    /// autocommits, one after another on one connection (each one commit and one WAL flush), sorted, in ms.
    /// </summary>
    public static async Task<double[]> LatenciesAsync(string connectionString, int count)
    {
        await CreateTableAsync(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("INSERT INTO public.bench_raw (payload) VALUES (@payload)", connection);
        insert.Parameters.AddWithValue("payload", new byte[200]);
        await insert.PrepareAsync();
        var latencies = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await insert.ExecuteNonQueryAsync();
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(latencies);
        return latencies;
    }

    private static async Task CreateTableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("DROP TABLE IF EXISTS public.bench_raw; CREATE TABLE public.bench_raw (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload bytea NOT NULL)", connection);
        await create.ExecuteNonQueryAsync();
    }

    private static async Task<long> LoopAsync(string connectionString, Stopwatch stopwatch, TimeSpan duration)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("INSERT INTO public.bench_raw (payload) VALUES (@payload)", connection);
        insert.Parameters.AddWithValue("payload", new byte[200]);
        await insert.PrepareAsync();
        long count = 0;
        while (stopwatch.Elapsed < duration)
        {
            await insert.ExecuteNonQueryAsync();
            count++;
        }

        return count;
    }
}
