using System.Diagnostics;

namespace Ipvm.Durable.Ipld.Tests.Interop;

/// <summary>
/// Runs the JavaScript reference (<c>@ipld/car</c>) when it is installed: set
/// <c>IPVM_IPLD_CAR_NODE_MODULES</c> to a <c>node_modules</c> folder holding it (for example after
/// <c>npm install @ipld/car</c> in a temporary folder). Nothing is downloaded by the tests.
/// </summary>
internal static class NodeIpldCar
{
    public const string EnvironmentVariable = "IPVM_IPLD_CAR_NODE_MODULES";

    private static readonly Lazy<string?> UnavailableReason = new(FindUnavailableReason);

    /// <summary>Null when node and @ipld/car can be used; otherwise why not.</summary>
    public static string? WhyUnavailable => UnavailableReason.Value;

    /// <summary>Runs one of the scripts beside this file with <paramref name="argument"/> and returns its standard output.</summary>
    public static string Run(string script, string argument)
    {
        var code = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Interop", script));
        var (exitCode, output, error) = Node(["--input-type=module", "-e", code, argument]);
        return exitCode == 0 ? output : throw new InvalidOperationException($"node {script} failed ({exitCode}): {error}");
    }

    private static string? FindUnavailableReason()
    {
        var modules = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrEmpty(modules))
        {
            return $"{EnvironmentVariable} is not set (point it at a node_modules folder with @ipld/car)";
        }

        if (!Directory.Exists(Path.Combine(modules, "@ipld", "car")))
        {
            return $"{modules} has no @ipld/car";
        }

        try
        {
            return Node(["--version"]).ExitCode == 0 ? null : "node does not run";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "node is not on the PATH";
        }
    }

    private static (int ExitCode, string Output, string Error) Node(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(Environment.GetEnvironmentVariable(EnvironmentVariable) ?? ".")) ?? ".",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}

/// <summary>A fact that is skipped, with the reason, when node or @ipld/car is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class NodeIpldCarFactAttribute : FactAttribute
{
    public NodeIpldCarFactAttribute()
    {
        if (NodeIpldCar.WhyUnavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
