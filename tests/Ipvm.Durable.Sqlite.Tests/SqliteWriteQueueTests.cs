using Ipvm.Durable.Ipld;
using Microsoft.Data.Sqlite;

namespace Ipvm.Durable.Sqlite.Tests;

/// <summary>
/// The writer's queue: writes committed on their caller's thread (synced completions, a run's start) and writes
/// handed to the pool interleave without loss, a failing write fails alone, and disposing commits what was queued.
/// </summary>
public sealed class SqliteWriteQueueTests
{
    [Fact]
    public async Task Writes_from_many_threads_on_the_callers_thread_and_queued_all_commit_and_survive_reopening()
    {
        var path = SqliteTestFiles.NewPath();
        var receipts = Enumerable.Range(0, 400).Select(Receipt).ToArray();
        await using (var store = SqliteDurableStore.Open(path))
        {
            await store.CreateRunAsync(SqliteTestFiles.RunningRun("run"));
            await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
            {
                for (var i = worker; i < receipts.Length; i += 8)
                {
                    var receipt = receipts[i];
                    var record = new TaskRecord(i, receipt.InstructionCid!, "step", TaskState.Succeeded, false, receipt.Cid, 1, TimeSpan.Zero);

                    // Even indexes are synced completions (committed on this thread when the writer is idle), odd ones
                    // derivable (always queued), and every fourth also puts a block through the queue.
                    await store.CompleteTasksAsync("run", [new TaskCompletion(record, receipt, Derivable: i % 2 == 1)]);
                    if (i % 4 == 0)
                    {
                        var block = DagCbor.Encode(new IpldString($"block {i}"));
                        await store.PutBlockAsync(IpvmCid.OfEncoded(block), block);
                    }
                }
            })));
            Assert.Equal(receipts.Length, (await store.GetTasksAsync("run")).Count);
        }

        await using (var reopened = SqliteDurableStore.Open(path))
        {
            var found = await reopened.FindReceiptsAsync([.. receipts.Select(r => r.InstructionCid!)]);
            Assert.Equal(receipts.Length, found.Count);
            Assert.Equal(receipts.Length, (await reopened.GetTasksAsync("run")).Count);
            var block = DagCbor.Encode(new IpldString("block 396"));
            Assert.NotNull(await reopened.GetBlockAsync(IpvmCid.OfEncoded(block)));
        }
    }

    [Fact]
    public async Task A_write_that_breaks_a_constraint_fails_alone_and_the_others_commit()
    {
        await using var store = SqliteDurableStore.Open(SqliteTestFiles.NewPath());
        await store.CreateRunAsync(SqliteTestFiles.RunningRun("taken"));

        var attempts = Enumerable.Range(0, 30).Select(i => Task.Run(async () => await store.CreateRunAsync(SqliteTestFiles.RunningRun(i == 13 ? "taken" : $"run-{i}")))).ToArray();
        var outcome = await Task.WhenAll(attempts.Select(async a =>
        {
            try
            {
                await a;
                return null;
            }
            catch (SqliteException e)
            {
                return e;
            }
        }));

        Assert.Single(outcome, e => e is not null);
        Assert.Equal(30, (await store.ListRunsAsync()).Count); // "taken" and 29 new runs
    }

    [Fact]
    public async Task Disposing_commits_the_writes_already_queued()
    {
        var path = SqliteTestFiles.NewPath();
        var blocks = Enumerable.Range(0, 200).Select(i => DagCbor.Encode(new IpldString($"queued {i}"))).ToArray();
        var store = SqliteDurableStore.Open(path);
        var writes = blocks.Select(b => store.PutBlockAsync(IpvmCid.OfEncoded(b), b).AsTask()).ToArray();

        await store.DisposeAsync();
        await Task.WhenAll(writes);

        await using var reopened = SqliteDurableStore.Open(path);
        foreach (var block in blocks)
        {
            Assert.Equal(block, await reopened.GetBlockAsync(IpvmCid.OfEncoded(block)));
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.PutBlockAsync(IpvmCid.OfEncoded(blocks[0]), blocks[0]));
    }

    private static Receipt Receipt(int i) => SqliteTestFiles.StepReceipt(i);
}
