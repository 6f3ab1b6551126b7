using Ipvm.Durable.Postgres.Migrations;
using Ipvm.Durable.Postgres.Resilience;
using Ipvm.Durable.Postgres.Tests.Fixture;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipvm.Durable.Postgres.Tests;

public sealed class PostgresMigratorTests
{
    [PostgresFact]
    public async Task Concurrent_migrators_on_a_fresh_database_apply_each_migration_once()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();

        var applied = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => MigrateAsync(database))));

        var versions = MigrationCatalog.All.Select(m => m.Version).ToArray();
        Assert.Equal(versions, applied.SelectMany(a => a).Order());
        Assert.Equal((long)versions.Length, await PostgresTestDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM ipvm_schema_migrations"));
        Assert.Empty(await MigrateAsync(database));
    }

    [PostgresFact]
    public async Task A_schema_migrated_by_a_newer_library_is_refused_with_its_version()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        await MigrateAsync(database);
        var future = MigrationCatalog.Latest + 1;
        await PostgresTestDatabase.ScalarAsync<int>(database, "INSERT INTO ipvm_schema_migrations (version, name) VALUES ($1, 'from_the_future') RETURNING version", future);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresDurableStore.OpenAsync(database).AsTask());

        Assert.Contains($"migration {future} (from_the_future)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'ipvm'", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Stores_in_different_schemas_of_one_database_are_independent()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var first = await PostgresDurableStore.OpenAsync(new PostgresStoreOptions { ConnectionString = database, Schema = "tenant_a" });
        await using var second = await PostgresDurableStore.OpenAsync(new PostgresStoreOptions { ConnectionString = database, Schema = "tenant_b" });
        var now = DateTimeOffset.UnixEpoch;

        await first.CreateRunAsync(new RunRecord("only-in-a", RunStatus.Pending, null, null, now, now));

        Assert.NotNull(await first.GetRunAsync("only-in-a"));
        Assert.Null(await second.GetRunAsync("only-in-a"));
    }

    [Fact]
    public void The_embedded_migrations_start_at_the_store_and_are_numbered_in_order()
    {
        Assert.Equal((1, "store"), (MigrationCatalog.All[0].Version, MigrationCatalog.All[0].Name));
        Assert.Equal(MigrationCatalog.All.Select(m => m.Version).Order(), MigrationCatalog.All.Select(m => m.Version));
    }

    private static async Task<IReadOnlyList<int>> MigrateAsync(string connectionString)
    {
        var options = new PostgresStoreOptions { ConnectionString = connectionString };
        await using var dataSource = PostgresDataSources.Create(options);
        return await PostgresMigrator.MigrateAsync(dataSource, options.Schema, new RetryPolicy(options, dataSource, NullLogger.Instance), CancellationToken.None);
    }
}
