namespace Ipvm.Durable.Postgres.Tests;

/// <summary>The PostgreSQL store's settings. (The engine over the store runs in the shared conformance suite.)</summary>
public sealed class PostgresStoreOptionsTests
{
    [Fact]
    public async Task Options_are_validated_naming_the_setting()
    {
        var schema = await Assert.ThrowsAsync<ArgumentException>(() => PostgresDurableStore.OpenAsync(new PostgresStoreOptions { ConnectionString = "Host=h", Schema = "Bad-Name" }).AsTask());
        var attempts = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PostgresDurableStore.OpenAsync(new PostgresStoreOptions { ConnectionString = "Host=h", MaxRetryAttempts = 0 }).AsTask());

        Assert.Contains("Schema", schema.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetryAttempts", attempts.Message, StringComparison.Ordinal);
    }
}
