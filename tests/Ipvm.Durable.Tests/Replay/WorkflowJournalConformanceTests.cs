using Ipvm.Durable.Ipld;
using Ipvm.Durable.Tests.Conformance;

namespace Ipvm.Durable.Tests.Replay;

/// <summary>One suite for every <see cref="IWorkflowJournal"/>: each store subclasses it with its factory.</summary>
public abstract class WorkflowJournalConformanceTests
{
    private static readonly Cid First = Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha3_256, [1]);
    private static readonly Cid Second = Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha3_256, [2]);

    protected abstract IWorkflowJournal CreateJournal();

    [ConformanceFact]
    public async Task An_invocation_is_saved_once_and_read_back()
    {
        var journal = CreateJournal();

        await journal.SaveInvocationAsync("run-1", First);
        await journal.SaveInvocationAsync("run-1", First);

        Assert.Equal(First, await journal.GetInvocationAsync("run-1"));
        Assert.Null(await journal.GetInvocationAsync("run-2"));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await journal.SaveInvocationAsync("run-1", Second));
    }

    [ConformanceFact]
    public async Task An_effect_position_is_written_once_and_never_changes()
    {
        var journal = CreateJournal();

        await journal.RecordEffectAsync("run-1", 0, First);
        await journal.RecordEffectAsync("run-1", 1, Second);
        await journal.RecordEffectAsync("run-1", 0, First);

        var effects = await journal.LoadEffectsAsync("run-1");
        Assert.Equal(First, effects[0]);
        Assert.Equal(Second, effects[1]);
        Assert.Empty(await journal.LoadEffectsAsync("run-2"));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await journal.RecordEffectAsync("run-1", 0, Second));
    }

    [ConformanceFact]
    public async Task Events_are_indexed_per_run_and_name_in_the_order_they_were_raised()
    {
        var journal = CreateJournal();

        Assert.Equal(0, await journal.AppendEventAsync("run-1", "shipped", "a"));
        Assert.Equal(0, await journal.AppendEventAsync("run-1", "paid", 7L));
        Assert.Equal(1, await journal.AppendEventAsync("run-1", "shipped", IpldMap.Create(("parcel", "b"))));

        Assert.Equal("a", (await journal.GetEventAsync("run-1", "shipped", 0))!.AsString());
        Assert.Equal("b", (await journal.GetEventAsync("run-1", "shipped", 1))!.AsMap()["parcel"].AsString());
        Assert.Null(await journal.GetEventAsync("run-1", "shipped", 2));
        Assert.Null(await journal.GetEventAsync("run-2", "shipped", 0));
    }
}

public sealed class InMemoryWorkflowJournalTests : WorkflowJournalConformanceTests
{
    protected override IWorkflowJournal CreateJournal() => new InMemoryWorkflowJournal();
}
