using System.Text.RegularExpressions;

namespace Ipvm.Durable.Postgres;

/// <summary>Settings of the PostgreSQL store and workflow journal.</summary>
public sealed partial class PostgresStoreOptions
{
    /// <summary>The Npgsql connection string, or a <c>postgres://</c> / <c>postgresql://</c> URL.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// The schema holding the tables (created by the first migration); default <c>ipvm</c>. Lower-case
    /// letters, digits and underscores, so several independent stores can share one database.
    /// </summary>
    public string Schema { get; init; } = "ipvm";

    /// <summary>
    /// How many times an operation is tried in all when it fails with a transient error (connection lost,
    /// server restarting, serialization failure); default 12. 1 turns retrying off.
    /// </summary>
    public int MaxRetryAttempts { get; init; } = 12;

    /// <summary>The wait before the first retry; it doubles per attempt up to <see cref="MaxRetryDelay"/>. Default 50 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest wait between two attempts; default 5 s (the default budget is about 35 s of outage).</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The most queued writes one transaction takes (group commit); default 1024.</summary>
    public int MaxBatch { get; init; } = 1024;

    /// <summary>Throws naming the setting out of bounds.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("PostgresStoreOptions.ConnectionString must be set.", nameof(ConnectionString));
        }

        if (!SchemaName().IsMatch(Schema ?? string.Empty))
        {
            throw new ArgumentException($"PostgresStoreOptions.Schema '{Schema}' must be 1 to 63 lower-case letters, digits or underscores, starting with a letter or underscore.", nameof(Schema));
        }

        if (MaxRetryAttempts is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAttempts), MaxRetryAttempts, "PostgresStoreOptions.MaxRetryAttempts must be between 1 and 1000.");
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > MaxRetryDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), RetryBaseDelay, "PostgresStoreOptions.RetryBaseDelay must be between zero and MaxRetryDelay.");
        }

        if (MaxRetryDelay > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryDelay), MaxRetryDelay, "PostgresStoreOptions.MaxRetryDelay must be at most 10 minutes.");
        }

        if (MaxBatch is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatch), MaxBatch, "PostgresStoreOptions.MaxBatch must be between 1 and 100,000.");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
