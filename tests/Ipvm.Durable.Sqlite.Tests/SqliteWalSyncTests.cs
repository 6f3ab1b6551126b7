using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Sqlite.Tests;

/// <summary>
/// The WAL's fsyncs: completions committed by many threads return durable (nothing left to sync) and survive
/// reopening, under every synchronous setting; a failed fsync fails every later wait with a message naming the log.
/// </summary>
public sealed class SqliteWalSyncTests
{
    [Theory]
    [InlineData("FULL")]
    [InlineData("EXTRA")]
    [InlineData("NORMAL")]
    public async Task Completions_from_many_threads_return_durable_and_survive_reopening(string synchronous)
    {
        var path = SqliteTestFiles.NewPath();
        var receipts = Enumerable.Range(0, 40).Select(Receipt).ToArray();
        await using (var store = SqliteDurableStore.Open(path, new SqliteStoreOptions { Synchronous = synchronous }))
        {
            await store.CreateRunAsync(SqliteTestFiles.RunningRun("run"));
            await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
            {
                for (var i = worker; i < receipts.Length; i += 4)
                {
                    await store.CompleteTasksAsync("run", [SqliteTestFiles.StepCompletion(i)]);
                    Assert.NotNull(await store.FindReceiptAsync(receipts[i].InstructionCid!));
                }
            })));
            Assert.Equal(0, store.WalSync.Pending);
        }

        await using var reopened = SqliteDurableStore.Open(path);
        Assert.Equal(receipts.Length, (await reopened.GetTasksAsync("run")).Count);
        foreach (var receipt in receipts)
        {
            Assert.Equal(receipt.Cid, (await reopened.FindReceiptAsync(receipt.InstructionCid!))?.Cid);
        }
    }

    [Fact]
    public void Nothing_to_sync_completes_at_once()
    {
        using var sync = new SqliteWalSync(Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}-wal"));
        Assert.True(CompletedAtOnce(sync.WhenDurableAsync()));
    }

    [Fact]
    public async Task A_failed_fsync_fails_this_and_every_later_wait_naming_the_log()
    {
        var wal = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}-wal");
        using var sync = new SqliteWalSync(wal);
        sync.AddCommitted();

        var first = await Assert.ThrowsAsync<IOException>(async () => await sync.WhenDurableAsync());
        Assert.Contains(wal, first.Message);

        // Later commits cannot be made durable either: the pages the kernel failed to write may be gone.
        sync.AddCommitted();
        var later = await Assert.ThrowsAsync<IOException>(async () => await sync.WhenDurableAsync());
        Assert.Same(first, later);
    }

    private static bool CompletedAtOnce(ValueTask wait) => wait.IsCompletedSuccessfully;


    private static Receipt Receipt(int i) => SqliteTestFiles.StepReceipt(i);
}
