using System.Text.Json;
using Ipvm.Durable.Postgres.Tests.Fixture;

namespace Ipvm.Durable.Postgres.Tests.Queue;

/// <summary>
/// The memo look-up (the first successful receipt of an instruction, <c>ORDER BY seq LIMIT 1</c>, as claims, the
/// completion statement and <c>queue_complete_one</c> make it) reads a few pages however many receipts the store
/// holds, also before the table has statistics. With an index on the instruction alone, a new store's planner
/// walked the primary key in <c>seq</c> order and filtered, reading every receipt for every claim.
/// </summary>
public sealed class MemoLookupPlanTests
{
    private const int Receipts = 5_000;

    [PostgresFact]
    public async Task The_first_receipt_of_an_instruction_is_found_without_reading_the_others_in_a_store_without_statistics()
    {
        var (connectionString, store) = await QueueDatabase.CreateAsync();
        await using var _ = store;
        await PostgresTestDatabase.ScalarAsync<int>(
            connectionString,
            $"""
            INSERT INTO receipts (cid, instruction, ok, data)
            SELECT decode(md5('receipt ' || i), 'hex'), decode(md5('instruction ' || i), 'hex'), true, decode(repeat('ab', 100), 'hex')
            FROM generate_series(1, {Receipts}) AS i;
            SELECT 0
            """);
        Assert.Equal(0L, await PostgresTestDatabase.ScalarAsync<long>(connectionString, "SELECT coalesce(analyze_count + autoanalyze_count, 0) FROM pg_stat_user_tables WHERE relname = 'receipts'"));

        var plan = await PostgresTestDatabase.ScalarAsync<string>(
            connectionString,
            $"""
            EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)
            SELECT r.cid, r.data FROM receipts r WHERE r.ok AND r.instruction = decode(md5('instruction {Receipts}'), 'hex') ORDER BY r.seq LIMIT 1
            """);

        var top = JsonDocument.Parse(plan).RootElement[0].GetProperty("Plan");
        Assert.Equal(1, top.GetProperty("Actual Rows").GetInt32());
        var pages = top.GetProperty("Shared Hit Blocks").GetInt64() + top.GetProperty("Shared Read Blocks").GetInt64();
        Assert.True(pages <= 8, $"The look-up read {pages} pages of a table of {Receipts} receipts; plan: {plan}");
    }
}
