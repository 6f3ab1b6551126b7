using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Testing;
using Ipvm.Durable.Tests.Conformance;

namespace Ipvm.Durable.Tests.Storage;

/// <summary>
/// What every <see cref="IDurableStore"/> must do. Subclass it per store with a factory; durable stores
/// also reopen the same data in <see cref="ReopenAsync"/>.
/// </summary>
public abstract class DurableStoreConformanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A new, empty store.</summary>
    protected abstract ValueTask<IDurableStore> CreateStoreAsync();

    /// <summary>The same data through a new store instance (disposing <paramref name="store"/>), or the same instance for memory.</summary>
    protected abstract ValueTask<IDurableStore> ReopenAsync(IDurableStore store);

    /// <summary>Damages the stored bytes of a receipt so they no longer match its CID.</summary>
    protected abstract ValueTask CorruptReceiptAsync(IDurableStore store, Cid receiptCid);

    private static Receipt ReceiptFor(string value, bool ok = true)
    {
        var task = TestWorkflows.Task("test/echo", value);
        return Receipt.For(task, ok ? TaskResult.Ok(value) : TaskResult.Error(value));
    }

    [ConformanceFact]
    public async Task Blocks_are_stored_by_cid_and_checked()
    {
        var store = await CreateStoreAsync();
        var data = "hello"u8.ToArray();
        var cid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, data);

        await store.PutBlockAsync(cid, data);
        await store.PutBlockAsync(cid, data);

        Assert.Equal(data, await store.GetBlockAsync(cid));
        Assert.Null(await store.GetBlockAsync(Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, "other"u8)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.PutBlockAsync(cid, "forged"u8.ToArray()));
        await store.DisposeAsync();
    }

    [ConformanceFact]
    public async Task An_empty_block_is_kept_as_empty_not_as_missing()
    {
        var store = await CreateStoreAsync();
        var cid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, []);

        await store.PutBlockAsync(cid, ReadOnlyMemory<byte>.Empty);
        store = await ReopenAsync(store);

        var stored = await store.GetBlockAsync(cid);
        Assert.NotNull(stored);
        Assert.Empty(stored);
        await store.DisposeAsync();
    }

    [ConformanceFact]
    public async Task Receipts_are_inserted_if_absent_and_found_by_instruction_only_when_ok()
    {
        var store = await CreateStoreAsync();
        var ok = ReceiptFor("a");
        var error = ReceiptFor("b", ok: false);

        Assert.True(await store.PutReceiptAsync(ok));
        Assert.False(await store.PutReceiptAsync(ok));
        Assert.True(await store.PutReceiptAsync(error));

        Assert.Equal(ok.Cid, (await store.FindReceiptAsync(ok.InstructionCid!))!.Cid);
        Assert.Null(await store.FindReceiptAsync(error.InstructionCid!));
        Assert.Equal(error.Cid, (await store.GetReceiptAsync(error.Cid))!.Cid);
        Assert.Equal([ok.Cid, error.Cid], await store.ListReceiptsAsync());
        await store.DisposeAsync();
    }

    [ConformanceFact]
    public async Task Batched_look_up_finds_ok_receipts_only_and_skips_corrupt_ones()
    {
        var store = await CreateStoreAsync();
        var ok = Enumerable.Range(0, 1_100).Select(i => ReceiptFor("ok" + i)).ToArray();
        var error = ReceiptFor("failed", ok: false);
        var corrupt = ReceiptFor("corrupt");
        foreach (var receipt in ok.Append(error).Append(corrupt))
        {
            await store.PutReceiptAsync(receipt);
        }

        await CorruptReceiptAsync(store, corrupt.Cid);
        var unknown = TestWorkflows.Task("test/echo", "never ran").InstructionCid;
        Cid[] asked = [.. ok.Select(r => r.InstructionCid!), error.InstructionCid!, corrupt.InstructionCid!, unknown];

        var found = await store.FindReceiptsAsync(asked);

        Assert.Equal(ok.Length, found.Count);
        Assert.All(ok, r => Assert.Equal(r.Cid, found[r.InstructionCid!].Cid));
        Assert.False(found.ContainsKey(error.InstructionCid!));
        Assert.False(found.ContainsKey(corrupt.InstructionCid!));
        Assert.False(found.ContainsKey(unknown));
        Assert.Empty(await store.FindReceiptsAsync([]));
        await store.DisposeAsync();
    }

    [ConformanceFact]
    public async Task A_corrupt_receipt_is_treated_as_absent()
    {
        var store = await CreateStoreAsync();
        var receipt = ReceiptFor("c");
        await store.PutReceiptAsync(receipt);

        await CorruptReceiptAsync(store, receipt.Cid);

        Assert.Null(await store.GetReceiptAsync(receipt.Cid));
        Assert.Null(await store.FindReceiptAsync(receipt.InstructionCid!));
        await store.DisposeAsync();
    }

    [ConformanceFact]
    public async Task Runs_keep_status_requests_and_task_progress_across_reopen()
    {
        var store = await CreateStoreAsync();
        var workflowCid = IpvmCid.Of("workflow");
        await store.CreateRunAsync(new RunRecord("run-1", RunStatus.Pending, workflowCid, "demo", Now, Now));
        await store.CreateRunAsync(new RunRecord("run-2", RunStatus.Running, null, null, Now, Now));
        await Assert.ThrowsAnyAsync<Exception>(async () => await store.CreateRunAsync(new RunRecord("run-1", RunStatus.Pending, null, null, Now, Now)));

        var receipt = ReceiptFor("d");
        var record = new TaskRecord(0, receipt.InstructionCid!, "echo", TaskState.Succeeded, false, receipt.Cid, 1, TimeSpan.FromMilliseconds(12));
        var claim = new TaskRecord(1, IpvmCid.Of("x"), "charge", TaskState.Running, false, null, 1, TimeSpan.Zero);
        await store.ClaimTaskAsync("run-1", claim);
        await Task.WhenAll(
            store.CompleteTasksAsync("run-1", [new TaskCompletion(record, receipt)]).AsTask(),
            store.CompleteTasksAsync("run-1", [new TaskCompletion(record with { Index = 2, Replayed = true }, receipt)]).AsTask());
        await store.SetRunRequestAsync("run-1", RunRequest.Pause);
        await store.SetRunStatusAsync("run-2", RunStatus.Parked, "why", Now.AddSeconds(1));

        store = await ReopenAsync(store);

        var run1 = (await store.GetRunAsync("run-1"))!;
        Assert.Equal((RunStatus.Pending, workflowCid, "demo", RunRequest.Pause), (run1.Status, run1.WorkflowCid, run1.Name, run1.Request));
        var run2 = (await store.GetRunAsync("run-2"))!;
        Assert.Equal((RunStatus.Parked, "why", Now.AddSeconds(1)), (run2.Status, run2.Error, run2.UpdatedAt));
        Assert.Equal(["run-1", "run-2"], (await store.ListRunsAsync()).Select(r => r.RunId));
        Assert.Null(await store.GetRunAsync("run-3"));
        var tasks = await store.GetTasksAsync("run-1");
        Assert.Equal([record, claim, record with { Index = 2, Replayed = true }], tasks);
        Assert.Equal(receipt.Cid, (await store.FindReceiptAsync(receipt.InstructionCid!))!.Cid);

        await store.SetRunStatusAsync("run-1", RunStatus.Paused, null, Now);
        Assert.Equal(RunRequest.None, (await store.GetRunAsync("run-1"))!.Request);
        await store.DisposeAsync();
    }

    [ConformanceFact]
    public async Task Many_completions_at_once_all_commit()
    {
        var store = await CreateStoreAsync();
        await store.CreateRunAsync(new RunRecord("run", RunStatus.Running, null, null, Now, Now));
        var commits = Enumerable.Range(0, 500).Select(i =>
        {
            var receipt = ReceiptFor("v" + i);
            return store.CompleteTasksAsync("run", [new TaskCompletion(new TaskRecord(i, receipt.InstructionCid!, "echo", TaskState.Succeeded, false, receipt.Cid, 1, TimeSpan.Zero), receipt)]).AsTask();
        });

        await Task.WhenAll(commits);

        Assert.Equal(500, (await store.GetTasksAsync("run")).Count);
        Assert.Equal(500, (await store.ListReceiptsAsync()).Count);
        await store.DisposeAsync();
    }

    [ConformanceFact]
    public async Task The_engine_runs_a_chain_and_a_fan_out_and_replays_them_after_reopening()
    {
        var executions = new ConcurrentDictionary<Cid, int>();
        var chain = TestWorkflows.Chain(50, "count/add");
        var store = await CreateStoreAsync();
        var engine = new DurableEngine(store, CountingOps(executions));
        Assert.Equal(RunStatus.Completed, (await engine.RunAsync(chain)).Status);
        Assert.Equal(RunStatus.Completed, (await engine.RunAsync(TestWorkflows.Independent(300, "count/add"))).Status);

        store = await ReopenAsync(store);
        var again = await new DurableEngine(store, CountingOps(executions)).RunAsync(chain);

        Assert.All(again.Tasks, t => Assert.True(t.Replayed));
        Assert.Equal(IpldInteger.From(50), again.Tasks[^1].Receipt!.Out.Value);
        Assert.Equal(RunStatus.Completed, (await store.GetRunAsync(again.RunId))!.Status);
        Assert.All(await store.GetTasksAsync(again.RunId), r => Assert.True(r.Replayed));
        Assert.Equal(350, executions.Count);
        Assert.All(executions.Values, n => Assert.Equal(1, n));
        await store.DisposeAsync();
    }

    [ConformanceFact]
    public async Task The_engine_recomputes_a_task_whose_receipt_row_is_corrupt()
    {
        var executions = new ConcurrentDictionary<Cid, int>();
        var workflow = TestWorkflows.Chain(3, "count/add");
        var store = await CreateStoreAsync();
        var first = await new DurableEngine(store, CountingOps(executions)).RunAsync(workflow);

        await CorruptReceiptAsync(store, first.Tasks[1].Receipt!.Cid);
        store = await ReopenAsync(store);
        var second = await new DurableEngine(store, CountingOps(executions)).RunAsync(workflow);

        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.Equal([true, false, true], second.Tasks.Select(t => t.Replayed));
        Assert.Equal(first.Tasks[2].Receipt!.Out, second.Tasks[2].Receipt!.Out);
        Assert.Equal(2, executions[workflow.Tasks[1].InstructionCid]);
        await store.DisposeAsync();
    }

    /// <summary>The test ops plus <c>count/add</c>: the sum of its args plus one, counting runs per instruction.</summary>
    private static OpRegistry CountingOps(ConcurrentDictionary<Cid, int> executions) =>
        new OpRegistry().AddTestOps().Register("count/add", EffectClass.Pure, c =>
        {
            executions.AddOrUpdate(c.Task.InstructionCid, 1, static (_, n) => n + 1);
            Int128 sum = 0;
            foreach (var arg in c.Input.AsMap()["args"].AsList().Items)
            {
                sum += arg is IpldInteger n ? n.Value : 0;
            }

            return TaskResult.Ok(IpldInteger.From(sum + 1));
        });
}

public sealed class InMemoryStoreConformanceTests : DurableStoreConformanceTests
{
    protected override ValueTask<IDurableStore> CreateStoreAsync() => ValueTask.FromResult<IDurableStore>(new InMemoryDurableStore());

    protected override ValueTask<IDurableStore> ReopenAsync(IDurableStore store) => ValueTask.FromResult(store);

    protected override ValueTask CorruptReceiptAsync(IDurableStore store, Cid receiptCid)
    {
        ((InMemoryDurableStore)store).CorruptReceipt(receiptCid);
        return ValueTask.CompletedTask;
    }
}
