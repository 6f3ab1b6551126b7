using Ipvm.Durable.Sqlite;
using Ipvm.Durable.Tests.Replay;

namespace Ipvm.Durable.Sqlite.Tests;

/// <summary>The journal conformance suite for a journal that shares its store's writer.</summary>
public sealed class SqliteSharedWorkflowJournalTests : WorkflowJournalConformanceTests, IAsyncDisposable
{
    private readonly SqliteDurableStore _store = SqliteDurableStore.Open(SqliteTestFiles.NewPath());

    protected override IWorkflowJournal CreateJournal() => SqliteWorkflowJournal.Open(_store);

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}
