using Ipvm.Durable.Sqlite;
using Ipvm.Durable.Tests.Replay;

namespace Ipvm.Durable.Sqlite.Tests;

public sealed class SqliteWorkflowJournalTests : WorkflowJournalConformanceTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ipvm-journal-").FullName;
    private readonly List<SqliteWorkflowJournal> _opened = [];

    protected override IWorkflowJournal CreateJournal()
    {
        var journal = SqliteWorkflowJournal.Open(Path.Combine(_directory, "store.db"));
        _opened.Add(journal);
        return journal;
    }

    [Fact]
    public async Task Entries_survive_reopening_the_file()
    {
        var path = Path.Combine(_directory, "reopen.db");
        var cid = Ipld.Cid.Compute(Ipld.Multicodec.Raw, Ipld.MultihashCode.Sha2_256, [9]);
        using (var journal = SqliteWorkflowJournal.Open(path))
        {
            await journal.RecordEffectAsync("run", 3, cid);
            await journal.AppendEventAsync("run", "go", "now");
        }

        using var reopened = SqliteWorkflowJournal.Open(path);

        Assert.Equal(cid, (await reopened.LoadEffectsAsync("run"))[3]);
        Assert.Equal("now", (await reopened.GetEventAsync("run", "go", 0))!.AsString());
    }

    [Fact]
    public async Task A_journal_over_the_store_starts_a_run_with_block_entry_and_record_together()
    {
        await using var store = SqliteDurableStore.Open(Path.Combine(_directory, "start.db"));
        using var journal = SqliteWorkflowJournal.Open(store);
        var block = Ipld.DagCbor.Encode(Ipld.IpldMap.Create(("op", "workflow/run")));
        var cid = Ipld.Cid.Compute(Ipld.Multicodec.DagCbor, Ipld.MultihashCode.Sha3_256, block);
        var now = DateTimeOffset.UnixEpoch;

        await ((IWorkflowJournal)journal).StartRunAsync(store, new RunRecord("run-1", RunStatus.Running, null, null, now, now), cid, block);

        Assert.Equal(block, await store.GetBlockAsync(cid));
        Assert.Equal(cid, await journal.GetInvocationAsync("run-1"));
        Assert.Equal(RunStatus.Running, (await store.GetRunAsync("run-1"))!.Status);
    }

    [Fact]
    public async Task Starting_a_run_that_executes_another_invocation_creates_nothing()
    {
        await using var store = SqliteDurableStore.Open(Path.Combine(_directory, "conflict.db"));
        using var journal = SqliteWorkflowJournal.Open(store);
        var first = Ipld.Cid.Compute(Ipld.Multicodec.Raw, Ipld.MultihashCode.Sha2_256, [1]);
        await journal.SaveInvocationAsync("run-1", first);
        var block = Ipld.DagCbor.Encode(Ipld.IpldMap.Create(("op", "workflow/run")));
        var cid = Ipld.Cid.Compute(Ipld.Multicodec.DagCbor, Ipld.MultihashCode.Sha3_256, block);
        var now = DateTimeOffset.UnixEpoch;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await ((IWorkflowJournal)journal).StartRunAsync(store, new RunRecord("run-1", RunStatus.Running, null, null, now, now), cid, block));

        Assert.Contains(first.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetRunAsync("run-1"));
        Assert.Equal(first, await journal.GetInvocationAsync("run-1"));
    }

    public void Dispose()
    {
        foreach (var journal in _opened)
        {
            journal.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
