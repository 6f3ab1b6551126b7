using System.Text.Json;
using Ipvm.Durable.Postgres.Migrations;
using Ipvm.Durable.Postgres.Tests.Fixture;
using Npgsql;
using static Ipvm.Durable.Tests.TestWorkflows;

namespace Ipvm.Durable.Postgres.Tests.Queue;

/// <summary>
/// A completion finds its task by the primary key, however many tasks are leased and whatever the statistics say
/// (migration 0005_task_key_lookups). Before, the finish in <c>queue_complete_one</c> could scan the whole index of
/// leased tasks (its predicate <c>state = 1</c> followed from the finish's own condition), or, on a connection's first
/// calls, every task of the run through the index that began with <c>run</c>.
/// </summary>
public sealed class TaskKeyLookupTests
{
    private const int Leased = 2_000;
    private const int Completions = 14;
    private const int WarmUp = 6;

    private static readonly OpRegistry Ops = new OpRegistry().Register("test/put", EffectClass.Idempotent, _ => TaskResult.Ok("put"));

    private static readonly WorkerInfo Worker = new("w", "host", 1, ["test/put"], []);

    [PostgresFact]
    public async Task Each_completion_reads_a_few_pages_while_thousands_of_tasks_are_leased()
    {
        var (connectionString, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        var tasks = Enumerable.Range(0, Leased).Select(i => Task("test/put", "leased", TaskMeta.Empty, i)).ToArray();
        await WorkSubmission.SubmitAsync(store, store.WorkQueue, new Workflow(tasks), Ops);

        // Statistics taken before the claims: they believe no task is leased, as after a quiet spell.
        await QueueDatabase.ExecuteAsync(connectionString, "ANALYZE ipvm.queue_tasks");
        var leases = await store.WorkQueue.ClaimAsync(Worker, Leased, TimeSpan.FromMinutes(5));
        Assert.Equal(Leased, leases.Count);

        // One connection throughout, so its first calls (custom plans) and the later ones (the generic plan) are both seen.
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Search Path=ipvm");
        await connection.OpenAsync();
        var index = 0;
        foreach (var lease in leases.Take(Completions))
        {
            var completion = new LeasedCompletion(lease, TaskState.Succeeded, Receipt.For(tasks[lease.Index], TaskResult.Ok("put")), false, 1, TimeSpan.Zero, null);
            await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + LoneCompletionStatement.Sql, connection);
            LoneCompletionStatement.Add(explain.Parameters, completion, null, 0);

            var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!).RootElement[0].GetProperty("Plan");

            // The function's statements count towards its scan: the finish, the receipt and task record, the run's count
            // (28 pages here; 78 when the finish scanned the leased index, 63 of them for the finish alone).
            var pages = plan.GetProperty("Shared Hit Blocks").GetInt64() + plan.GetProperty("Shared Read Blocks").GetInt64();
            // The first calls on a connection compile the function and plan its statements (catalog pages), the generic plan included.
            if (index++ >= WarmUp)
            {
                Assert.True(pages < 50, $"Completing task {lease.Index} read {pages} pages with {Leased} tasks leased.");
            }
        }

        Assert.Equal(Completions, await PostgresTestDatabase.ScalarAsync<long>(connectionString, "SELECT count(*) FROM tasks"));
    }

    [PostgresFact]
    public async Task A_queue_at_migration_4_upgrades_with_its_leased_and_runnable_tasks()
    {
        var connectionString = await PostgresServer.Shared.CreateDatabaseAsync();
        var expired = Task("test/put", "expired");
        var runnable = Task("test/put", "runnable");
        await QueueDatabase.ExecuteAsync(connectionString, $"""
            CREATE SCHEMA ipvm;
            SET search_path TO ipvm;
            {string.Join("\n", MigrationCatalog.All.Where(m => m.Version <= 4).Select(m => m.Sql))}
            CREATE TABLE ipvm_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO ipvm_schema_migrations (version, name) SELECT v, 'before' FROM generate_series(1, 4) AS v;
            INSERT INTO runs (id, status, created, updated, request) VALUES ('r', 1, 0, 0, 0);
            INSERT INTO queue_runs (run, workflow, unfinished, retry_effects, open) VALUES ('r', '\x{Convert.ToHexString(expired.InstructionCid.Bytes)}', 2, false, true);
            INSERT INTO queue_tasks (run, idx, instruction, name, op, labels, dependents, pending, state, lease_owner, lease_expires, lease_epoch, claims) VALUES
                ('r', 0, '\x{Convert.ToHexString(expired.InstructionCid.Bytes)}', 'put', 'test/put', ARRAY[]::text[], ARRAY[]::int[], 0, 1, 'gone', now() - interval '1 minute', 1, 1),
                ('r', 1, '\x{Convert.ToHexString(runnable.InstructionCid.Bytes)}', 'put', 'test/put', ARRAY[]::text[], ARRAY[]::int[], 0, 0, NULL, NULL, 0, 0);
            """);

        await using var store = await QueueDatabase.OpenAsync(connectionString);

        Assert.Equal(
            "queue_tasks_by_instruction_run queue_tasks_leased_until queue_tasks_pkey queue_tasks_runnable",
            await PostgresTestDatabase.ScalarAsync<string>(connectionString, "SELECT string_agg(indexname, ' ' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'queue_tasks'"));
        var claimed = await store.WorkQueue.ClaimAsync(Worker, 8, TimeSpan.FromMinutes(1));
        Assert.Equal([(0, 2L, 2), (1, 1L, 1)], claimed.OrderBy(l => l.Index).Select(l => (l.Index, l.Epoch, l.Claims)));
        var awaited = await store.WorkQueue.GetAwaitedAsync("r", [expired.InstructionCid, runnable.InstructionCid]);
        Assert.Equal(2, awaited.Count);
    }
}
