namespace Ipvm.Durable.Postgres.Tests.Fixture;

/// <summary>The server's temporary folder, owned by the user the server runs as.</summary>
internal static class TemporaryFolder
{
    private const string Prefix = "ipvm-pg-";

    /// <summary>Folders older than this whose server is not running are left-overs of a killed test process.</summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    public static string Create()
    {
        SweepStale();
        if (!ServerCommand.AsPostgresUser)
        {
            return Directory.CreateTempSubdirectory(Prefix).FullName;
        }

        // As root the server runs as postgres, which must own its data directory: let it create the folder.
        var tmp = Path.GetTempPath();
        return ServerCommand.Run("mktemp", ["-d", Path.Combine(tmp, Prefix + "XXXXXXXX")], tmp).Trim();
    }

    /// <summary>
    /// The test host may be ended before its exit handler has deleted the shared server's folder; the next
    /// run removes such folders (no <c>postmaster.pid</c>, so no server uses them).
    /// </summary>
    private static void SweepStale()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            try
            {
                if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > StaleAfter
                    && !File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (IOException)
            {
                // Another process is sweeping it too.
            }
        }
    }
}
