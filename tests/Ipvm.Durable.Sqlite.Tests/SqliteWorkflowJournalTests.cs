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

    public void Dispose()
    {
        foreach (var journal in _opened)
        {
            journal.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
