using System.Diagnostics;

namespace Ipvm.Durable.Cli.Tests;

/// <summary>Runs the ipvm command line built beside the tests as a child process.</summary>
internal static class IpvmProcess
{
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "ipvm.dll");

    public static async Task<IpvmResult> RunAsync(IEnumerable<string> args, byte[]? stdin = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Testing.RepositoryPaths.Root,
        };
        start.ArgumentList.Add(Executable);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var readErr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
        await copyOut;
        return new IpvmResult(process.ExitCode, stdout.ToArray(), await readErr);
    }

    public static Task<IpvmResult> RunAsync(params string[] args) => RunAsync(args, null);
}

internal sealed record IpvmResult(int ExitCode, byte[] StandardOutput, string StandardError)
{
    public string Output => System.Text.Encoding.UTF8.GetString(StandardOutput);
}
