namespace Ipvm.Durable.Postgres.Tests.Fixture;

/// <summary>
/// The server's temporary folder, owned by the user the server runs as, and held by the test process through
/// an exclusive lock on <c>owner.lock</c>. The test host may end before its exit handler has stopped the shared
/// server and deleted its folder; the next fixture finds such folders by their free lock, stops a server left
/// running in them and deletes them.
/// </summary>
internal sealed class TemporaryFolder : IDisposable
{
    private const string Prefix = "ipvm-pg-";
    private const string LockFile = "owner.lock";

    /// <summary>Folders without a lock file (still being created, or from older fixtures) are swept only when this old.</summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    private readonly FileStream _lock;

    private TemporaryFolder(string path)
    {
        Path = path;
        _lock = new FileStream(System.IO.Path.Combine(path, LockFile), FileMode.Create, FileAccess.ReadWrite, FileShare.None);
    }

    public string Path { get; }

    public static TemporaryFolder Create(string bin)
    {
        SweepStale(bin);
        if (!ServerCommand.AsPostgresUser)
        {
            return new TemporaryFolder(Directory.CreateTempSubdirectory(Prefix).FullName);
        }

        // As root the server runs as postgres, which must own its data directory: let it create the folder.
        var tmp = System.IO.Path.GetTempPath();
        return new TemporaryFolder(ServerCommand.Run("mktemp", ["-d", System.IO.Path.Combine(tmp, Prefix + "XXXXXXXX")], tmp).Trim());
    }

    /// <summary>Deletes the folder and releases the lock.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        finally
        {
            _lock.Dispose();
        }
    }

    private static void SweepStale(string bin)
    {
        foreach (var folder in Directory.EnumerateDirectories(System.IO.Path.GetTempPath(), Prefix + "*"))
        {
            try
            {
                var lockPath = System.IO.Path.Combine(folder, LockFile);
                if (!File.Exists(lockPath))
                {
                    if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > StaleAfter && !File.Exists(System.IO.Path.Combine(folder, "data", "postmaster.pid")))
                    {
                        Directory.Delete(folder, recursive: true);
                    }

                    continue;
                }

                // Throws while the owning test process lives (the lock is released when it dies).
                using (new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                    if (File.Exists(System.IO.Path.Combine(folder, "data", "postmaster.pid")))
                    {
                        ServerCommand.TryRunAsServerUser(System.IO.Path.Combine(bin, "pg_ctl"), ["stop", "-D", System.IO.Path.Combine(folder, "data"), "-m", "immediate", "-w"], folder);
                    }
                }

                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Owned by a live test process, or another process is sweeping it.
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's folder.
            }
        }
    }
}
