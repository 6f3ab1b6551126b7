using Ipvm.Durable.Ipld;
using Ipvm.Durable.Postgres.Tests.Fixture;
using Ipvm.Durable.Tests.Replay;

namespace Ipvm.Durable.Postgres.Tests;

[RequiresPostgres]
public sealed class PostgresWorkflowJournalTests : WorkflowJournalConformanceTests, IDisposable
{
    private readonly List<PostgresWorkflowJournal> _opened = [];

    protected override IWorkflowJournal CreateJournal()
    {
        var journal = PostgresWorkflowJournal.Open(new PostgresStoreOptions { ConnectionString = PostgresServer.Shared.CreateDatabaseAsync().GetAwaiter().GetResult() });
        _opened.Add(journal);
        return journal;
    }

    [PostgresFact]
    public async Task Entries_survive_reopening_and_concurrent_appends_get_distinct_indexes()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        var cid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, [9]);
        await using (var journal = await PostgresWorkflowJournal.OpenAsync(database))
        await using (var other = await PostgresWorkflowJournal.OpenAsync(database))
        {
            await journal.RecordEffectAsync("run", 3, cid);
            var indexes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? journal : other).AppendEventAsync("run", "go", i).AsTask()));
            Assert.Equal(Enumerable.Range(0, 40), indexes.Order());
        }

        await using var reopened = await PostgresWorkflowJournal.OpenAsync(database);

        Assert.Equal(cid, (await reopened.LoadEffectsAsync("run"))[3]);
        Assert.NotNull(await reopened.GetEventAsync("run", "go", 39));
    }

    [PostgresFact]
    public async Task A_journal_opened_on_its_store_starts_a_run_atomically()
    {
        await using var store = await PostgresDurableStore.OpenAsync(await PostgresServer.Shared.CreateDatabaseAsync());
        using var journal = PostgresWorkflowJournal.Open(store);
        var block = DagCbor.Encode(IpldMap.Create(("workflow", "demo")));
        var invocation = Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha3_256, block);
        var other = DagCbor.Encode(IpldMap.Create(("workflow", "other")));
        var otherCid = Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha3_256, other);
        var run = new RunRecord("run-1", RunStatus.Pending, invocation, "demo", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        await journal.StartRunAsync(store, run, invocation, block);
        var different = await Assert.ThrowsAsync<InvalidOperationException>(async () => await journal.StartRunAsync(store, run, otherCid, other));
        var again = await Assert.ThrowsAsync<InvalidOperationException>(async () => await journal.StartRunAsync(store, run, invocation, block));

        Assert.Equal(run, await store.GetRunAsync("run-1"));
        Assert.Equal(invocation, await journal.GetInvocationAsync("run-1"));
        Assert.Equal(block, await store.GetBlockAsync(invocation));
        Assert.Contains("already executes", different.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetBlockAsync(otherCid)); // rolled back with the refused start
        Assert.Contains("exists already", again.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var journal in _opened)
        {
            journal.Dispose();
        }
    }
}
