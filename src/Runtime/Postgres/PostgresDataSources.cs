using System.Data.Common;
using Npgsql;

namespace Ipvm.Durable.Postgres;

/// <summary>Builds the pooled data source the store and journal share the settings of.</summary>
internal static class PostgresDataSources
{
    /// <summary>A data source for <paramref name="options"/>: URL converted, tables resolved in the store's schema.</summary>
    public static NpgsqlDataSource Create(PostgresStoreOptions options)
    {
        NpgsqlConnectionStringBuilder builder;
        DbConnectionStringBuilder given;
        try
        {
            var connectionString = PostgresUrl.ToConnectionString(options.ConnectionString);
            builder = new NpgsqlConnectionStringBuilder(connectionString);
            given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"PostgresStoreOptions.ConnectionString is not a valid Npgsql connection string or postgres:// URL: {e.Message}", nameof(options), e);
        }

        builder.SearchPath = options.Schema;
        builder.ApplicationName ??= "ipvm";

        // The store runs the same few statements over and over (a queue step is a handful): prepared once per
        // connection, they skip parsing and planning. Turn off with Max Auto Prepare=0 (e.g. behind a pooler
        // without prepared-statement support).
        if (!Given(given, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        // The store leaves no session state behind (no SET, LISTEN, temporary tables or session advisory locks; its
        // settings are transaction-local), so a connection returned to the pool needs no reset statement before
        // its next use. An open transaction is still rolled back.
        if (!Given(given, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return NpgsqlDataSource.Create(builder);
    }

    private static bool Given(DbConnectionStringBuilder given, string key, string synonym) => given.ContainsKey(key) || given.ContainsKey(synonym);
}
