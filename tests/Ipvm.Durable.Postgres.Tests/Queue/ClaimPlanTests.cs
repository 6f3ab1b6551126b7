using System.Text.Json;
using Ipvm.Durable.Postgres.Tests.Fixture;
using Npgsql;

namespace Ipvm.Durable.Postgres.Tests.Queue;

/// <summary>
/// A claim finds its tasks by walking the runnable index in seq order, however its statistics read. In a store with a
/// history of finished runs the planner believed few runnable tasks belong to the running run, and read all of that
/// run's tasks (a bitmap of the primary key and the whole runnable index) and sorted them, for every claim.
/// </summary>
public sealed class ClaimPlanTests
{
    private const int RunningTasks = 20_000;
    private const int Claimed = 64;

    [PostgresFact]
    public async Task A_claim_reads_the_runnable_tasks_it_takes_not_its_whole_run()
    {
        var (connectionString, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        await QueueDatabase.ExecuteAsync(connectionString, $"""
            SET search_path = ipvm;
            INSERT INTO runs (id, status, created, updated, request) SELECT 'old' || i, 4, 0, 0, 0 FROM generate_series(1, 300) AS i;
            INSERT INTO runs (id, status, created, updated, request) VALUES ('live', 1, 0, 0, 0);
            INSERT INTO queue_runs (run, workflow, unfinished, retry_effects, open) VALUES ('live', '\x01', {RunningTasks}, false, true);
            INSERT INTO queue_tasks (run, idx, instruction, name, op, labels, dependents, pending, state)
            SELECT 'old' || (i / 20), i, decode(md5('old ' || i), 'hex'), 'step', 'bench/step', ARRAY[]::text[], ARRAY[]::int[], 0, 2 FROM generate_series(20, 6019) AS i;
            INSERT INTO queue_tasks (run, idx, instruction, name, op, labels, dependents, pending, state)
            SELECT 'live', i, decode(md5('live ' || i), 'hex'), 'step', 'bench/step', ARRAY[]::text[], ARRAY[]::int[], 0, 0 FROM generate_series(0, {RunningTasks - 1}) AS i;
            ANALYZE runs; ANALYZE queue_runs; ANALYZE queue_tasks;
            """);

        var pages = await RunnablePagesAsync(connectionString, ClaimStatement.Settings);

        Assert.True(pages <= 3 * Claimed, $"The claim's scan of runnable tasks read {pages} pages to take {Claimed} of a run of {RunningTasks}.");
    }

    /// <summary>Shared buffers the claim's runnable scan (the CTE <c>runnable</c>) touched, run and rolled back.</summary>
    private static async Task<long> RunnablePagesAsync(string connectionString, string settings)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Search Path=ipvm");
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var set = new NpgsqlCommand(settings, connection, transaction))
        {
            await set.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + ClaimStatement.Sql, connection, transaction);
        ClaimStatement.Add(explain.Parameters, new WorkerInfo("w", "host", 1, ["bench/step"], []), Claimed, TimeSpan.FromSeconds(30));
        var plan = (string)(await explain.ExecuteScalarAsync())!;
        await transaction.RollbackAsync();

        var runnable = Find(JsonDocument.Parse(plan).RootElement[0].GetProperty("Plan"), "CTE runnable")
            ?? throw new InvalidOperationException($"The plan has no CTE runnable: {plan}");
        Assert.Equal(Claimed, runnable.GetProperty("Actual Rows").GetInt32());
        return runnable.GetProperty("Shared Hit Blocks").GetInt64() + runnable.GetProperty("Shared Read Blocks").GetInt64();
    }

    private static JsonElement? Find(JsonElement node, string subplan)
    {
        if (node.TryGetProperty("Subplan Name", out var name) && name.GetString() == subplan)
        {
            return node;
        }

        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                if (Find(child, subplan) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }
}
