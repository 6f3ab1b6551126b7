using Npgsql;

namespace Ipvm.Durable.Postgres;

/// <summary>Builds the pooled data source the store and journal share the settings of.</summary>
internal static class PostgresDataSources
{
    /// <summary>A data source for <paramref name="options"/>: URL converted, tables resolved in the store's schema.</summary>
    public static NpgsqlDataSource Create(PostgresStoreOptions options)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(options.ConnectionString));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"PostgresStoreOptions.ConnectionString is not a valid Npgsql connection string or postgres:// URL: {e.Message}", nameof(options), e);
        }

        builder.SearchPath = options.Schema;
        builder.ApplicationName ??= "ipvm";
        return NpgsqlDataSource.Create(builder);
    }
}
