using Ipvm.Durable.Ipld;
using Ipvm.Durable.Postgres.Tests.Fixture;
using Ipvm.Durable.Tests.Storage;

namespace Ipvm.Durable.Postgres.Tests;

[RequiresPostgres]
public sealed class PostgresStoreConformanceTests : DurableStoreConformanceTests
{
    private readonly Dictionary<IDurableStore, string> _databases = [];

    protected override async ValueTask<IDurableStore> CreateStoreAsync() =>
        await OpenAsync(await PostgresServer.Shared.CreateDatabaseAsync());

    protected override async ValueTask<IDurableStore> ReopenAsync(IDurableStore store)
    {
        var database = _databases[store];
        await store.DisposeAsync();
        return await OpenAsync(database);
    }

    protected override async ValueTask CorruptReceiptAsync(IDurableStore store, Cid receiptCid) =>
        await PostgresTestDatabase.CorruptReceiptAsync(_databases[store], receiptCid);

    private async Task<IDurableStore> OpenAsync(string database)
    {
        var store = await PostgresDurableStore.OpenAsync(database);
        _databases[store] = database;
        return store;
    }
}
