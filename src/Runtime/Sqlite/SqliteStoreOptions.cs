namespace Ipvm.Durable.Sqlite;

/// <summary>Settings of the SQLite store.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>
    /// SQLite's <c>synchronous</c> setting: <c>FULL</c> (default: a commit is on disk before it is
    /// acknowledged) or <c>NORMAL</c> (faster; in WAL mode a power cut may lose the last commits but never
    /// corrupts the file). With <c>FULL</c> or <c>EXTRA</c> the store's writer commits with <c>NORMAL</c> and
    /// fsyncs the WAL file itself before it acknowledges (see <c>SqliteWalSync</c>): the same guarantee, at a
    /// time it chooses.
    /// </summary>
    public string Synchronous { get; set; } = "FULL";

    /// <summary>The most writes one transaction takes from the queue (group commit); default 4096.</summary>
    public int MaxBatch { get; set; } = 4096;

    /// <summary>How long a statement waits for another process's lock; default 5 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws naming the setting out of bounds.</summary>
    public void Validate()
    {
        if (Synchronous is not ("FULL" or "NORMAL" or "EXTRA" or "OFF"))
        {
            throw new ArgumentOutOfRangeException(nameof(Synchronous), Synchronous, "SqliteStoreOptions.Synchronous must be FULL, NORMAL, EXTRA or OFF.");
        }

        if (MaxBatch is < 1 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatch), MaxBatch, "SqliteStoreOptions.MaxBatch must be between 1 and 1,000,000.");
        }

        if (BusyTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BusyTimeout), BusyTimeout, "SqliteStoreOptions.BusyTimeout must be zero or more.");
        }
    }
}
