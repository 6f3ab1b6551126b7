using System.Globalization;
using Ipvm.Durable.Postgres.Resilience;
using Npgsql;

namespace Ipvm.Durable.Postgres.Migrations;

/// <summary>
/// Brings a schema up to the newest embedded migration. Each migration runs in its own transaction that
/// first takes a transaction-scoped advisory lock for the schema, so hosts starting together apply each
/// migration exactly once: the others wait, then see it recorded in <c>ipvm_schema_migrations</c>. A schema
/// that a newer library has migrated further is refused rather than used half-understood.
/// </summary>
internal static class PostgresMigrator
{
    /// <summary>Applies the pending migrations; returns the versions this call applied.</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, string schema, RetryPolicy retry, CancellationToken cancellationToken)
    {
        var applied = new List<int>();
        while (await retry.RunAsync((_, ct) => ApplyNextAsync(dataSource, schema, ct), cancellationToken).ConfigureAwait(false) is { } version)
        {
            applied.Add(version);
        }

        return applied;
    }

    /// <summary>In one locked transaction: applies the oldest pending migration and returns its version, or null when none is pending.</summary>
    private static async Task<int?> ApplyNextAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The schema name is validated (lower-case identifier), so quoting it is enough.
        await ExecuteAsync(connection, $"""
            SELECT pg_advisory_xact_lock(hashtextextended('ipvm_schema_migrations:{schema}', 0));
            CREATE SCHEMA IF NOT EXISTS "{schema}";
            SET LOCAL search_path TO "{schema}";
            CREATE TABLE IF NOT EXISTS ipvm_schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, cancellationToken).ConfigureAwait(false);

        var done = new HashSet<int>();
        var newest = (Version: 0, Name: string.Empty);
        await using (var read = new NpgsqlCommand("SELECT version, name FROM ipvm_schema_migrations", connection))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var version = reader.GetInt32(0);
                done.Add(version);
                newest = version > newest.Version ? (version, reader.GetString(1)) : newest;
            }
        }

        if (newest.Version > MigrationCatalog.Latest)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The PostgreSQL schema '{schema}' is at migration {newest.Version} ({newest.Name}), newer than this Ipvm.Durable.Postgres knows (up to {MigrationCatalog.Latest}); upgrade the library on this host."));
        }

        if (MigrationCatalog.All.FirstOrDefault(m => !done.Contains(m.Version)) is not { } next)
        {
            return null;
        }

        await ExecuteAsync(connection, next.Sql, cancellationToken).ConfigureAwait(false);
        await using (var record = new NpgsqlCommand("INSERT INTO ipvm_schema_migrations (version, name) VALUES ($1, $2)", connection))
        {
            record.Parameters.Add(new NpgsqlParameter { Value = next.Version });
            record.Parameters.Add(new NpgsqlParameter { Value = next.Name });
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return next.Version;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
