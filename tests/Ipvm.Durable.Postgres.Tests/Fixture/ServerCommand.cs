using System.Diagnostics;

namespace Ipvm.Durable.Postgres.Tests.Fixture;

/// <summary>
/// Runs the server's tools. initdb and postgres refuse to run as root, so as root they run as the
/// <c>postgres</c> user through <c>runuser</c>.
/// </summary>
internal static class ServerCommand
{
    /// <summary>Liveness bound only: initdb and a server start take seconds, but the machine may be busy.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static bool AsPostgresUser => Environment.IsPrivilegedProcess;

    /// <summary>Runs <paramref name="file"/> (as the postgres user when root) and returns its standard output; throws with its output on failure.</summary>
    public static string Run(string file, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(AsPostgresUser ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (AsPostgresUser)
        {
            foreach (var a in (string[])["-u", "postgres", "--", file])
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return process.ExitCode == 0
            ? stdout.Result
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}{stdout.Result}");
    }

    /// <summary>Like <see cref="Run"/>, but a failure is ignored (clean-up of what another process left).</summary>
    public static void TryRunAsServerUser(string file, IReadOnlyList<string> arguments, string workingDirectory)
    {
        try
        {
            Run(file, arguments, workingDirectory);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
    }

    /// <summary>Runs a tool as the current user and returns its output, or null when it is missing or fails.</summary>
    public static string? TryRun(string file, IReadOnlyList<string> arguments)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
