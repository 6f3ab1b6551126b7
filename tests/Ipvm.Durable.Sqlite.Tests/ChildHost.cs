using System.Diagnostics;

namespace Ipvm.Durable.Sqlite.Tests;

/// <summary>Starts one of the crash hosts built beside this project (a ProjectReference builds them) as a child process.</summary>
internal static class ChildHost
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static Process Start(string host, params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", host, "bin", Configuration, "net10.0", host + ".dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.GetFullPath(dll));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info)!;
    }
}
