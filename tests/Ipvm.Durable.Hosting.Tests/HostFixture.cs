using Ipvm.Durable.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ipvm.Durable.Hosting.Tests;

/// <summary>Real hosts from Host.CreateApplicationBuilder over a temporary SQLite file.</summary>
internal static class HostFixture
{
    /// <summary>A guard against a hang, never a timing assertion.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    public static string NewDatabasePath() =>
        Path.Combine(Path.GetTempPath(), "ipvm-hosting-tests", Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)), "ipvm.db");

    public static IHost Build(Action<IpvmDurableOptions> configure, Action<IpvmDurableBuilder>? more = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var durable = builder.Services.AddIpvmDurable(configure);
        more?.Invoke(durable);
        return builder.Build();
    }

    public static async Task<RunRecord> WaitForStatusAsync(IDurableStore store, string runId, RunStatus status)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (true)
        {
            var run = await store.GetRunAsync(runId, guard.Token);
            if (run?.Status == status)
            {
                return run;
            }

            await Task.Delay(10, guard.Token);
        }
    }

    public static void DeleteDirectory(string databasePath)
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(databasePath)!, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own clean-up.
        }
    }
}
