using Ipvm.Durable.Postgres.Tests.Fixture;
using Ipvm.Durable.Tests.Workers;

namespace Ipvm.Durable.Postgres.Tests.Queue;

[RequiresPostgres]
public sealed class PostgresWorkQueueConformanceTests : WorkQueueConformanceTests
{
    protected override async ValueTask<(IDurableStore Store, IWorkQueue Queue)> CreateAsync()
    {
        var store = await PostgresDurableStore.OpenAsync(await PostgresServer.Shared.CreateDatabaseAsync());
        return (store, store.WorkQueue);
    }
}
