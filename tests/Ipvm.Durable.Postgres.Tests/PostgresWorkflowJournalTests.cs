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

    public void Dispose()
    {
        foreach (var journal in _opened)
        {
            journal.Dispose();
        }
    }
}
