using Ipvm.Durable.Ipld;
using Ipvm.Durable.Tests.Storage;

namespace Ipvm.Durable.Sqlite.Tests;

public sealed class SqliteStoreConformanceTests : DurableStoreConformanceTests
{
    protected override ValueTask<IDurableStore> CreateStoreAsync() =>
        ValueTask.FromResult<IDurableStore>(SqliteDurableStore.Open(SqliteTestFiles.NewPath()));

    protected override async ValueTask<IDurableStore> ReopenAsync(IDurableStore store)
    {
        var path = ((SqliteDurableStore)store).Path;
        await store.DisposeAsync();
        return SqliteDurableStore.Open(path);
    }

    protected override ValueTask CorruptReceiptAsync(IDurableStore store, Cid receiptCid)
    {
        SqliteTestFiles.CorruptReceipt(((SqliteDurableStore)store).Path, receiptCid);
        return ValueTask.CompletedTask;
    }
}
