namespace Ipvm.Durable.Postgres.Tests.Fixture;

/// <summary>Where this machine's PostgreSQL server binaries are (initdb, pg_ctl, postgres), if anywhere.</summary>
public static class PostgresBinaries
{
    private static readonly string[] Required = ["initdb", "pg_ctl", "postgres"];
    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>The folder holding initdb, pg_ctl and postgres, or null when there is none.</summary>
    public static string? Directory => Found.Value;

    /// <summary>
    /// Why PostgreSQL tests are skipped, or null when they run. On CI (<c>CI=true</c>) they never skip: a
    /// missing server must fail the build, so the fixture throws instead.
    /// </summary>
    public static string? SkipReason =>
        Directory is null && !IsCi
            ? "No PostgreSQL server binaries (initdb, pg_ctl, postgres) found via pg_config --bindir, /usr/lib/postgresql/*/bin or PATH; install Debian's postgresql package to run these tests."
            : null;

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? Find()
    {
        var candidates = new List<string>();
        if (ServerCommand.TryRun("pg_config", ["--bindir"]) is { } bindir)
        {
            candidates.Add(bindir.Trim());
        }

        const string debian = "/usr/lib/postgresql";
        if (System.IO.Directory.Exists(debian))
        {
            // Newest major version first: Debian installs them side by side.
            candidates.AddRange(System.IO.Directory.GetDirectories(debian)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d => Required.All(b => File.Exists(Path.Combine(d, b))));
    }
}
