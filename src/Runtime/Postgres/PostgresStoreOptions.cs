namespace Ipvm.Durable.Postgres;

/// <summary>Settings of the PostgreSQL store.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>The Npgsql connection string (or a <c>postgres://</c> URL).</summary>
    public required string ConnectionString { get; init; }
}
