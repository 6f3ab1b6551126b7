using Ipvm.Durable.Postgres.Tests.Fixture;
using Npgsql;

namespace Ipvm.Durable.Postgres.Tests;

public sealed class PostgresServerTests
{
    [PostgresFact]
    public async Task Each_test_gets_a_fresh_database_on_the_shared_server()
    {
        var first = await PostgresServer.Shared.CreateDatabaseAsync();
        var second = await PostgresServer.Shared.CreateDatabaseAsync();

        Assert.NotEqual(first, second);
        Assert.Equal(new NpgsqlConnectionStringBuilder(first).Database, await ScalarAsync<string>(first, "SELECT current_database()"));
        Assert.Equal(0L, await ScalarAsync<long>(second, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [PostgresFact]
    public async Task A_server_keeps_its_data_and_port_across_a_restart()
    {
        using var server = PostgresServer.Create();
        var database = await server.CreateDatabaseAsync();
        await ScalarAsync<int>(database, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42); SELECT 1");

        server.Stop(immediate: true);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(database, "SELECT 1"));
        server.Start();

        Assert.Equal(42, await ScalarAsync<int>(database, "SELECT v FROM kept"));
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
