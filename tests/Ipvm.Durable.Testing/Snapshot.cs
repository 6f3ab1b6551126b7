using System.Runtime.CompilerServices;
using Xunit;
using Xunit.Sdk;

namespace Ipvm.Durable.Testing;

/// <summary>
/// Snapshot assertions against checked-in files beside the test (<c>Name.verified.ext</c>). On a mismatch the
/// actual text is written to <c>Name.received.ext</c> (git-ignored) and the test fails with the first
/// differing line. Set <c>IPVM_ACCEPT_SNAPSHOTS=1</c> to accept: the verified file is overwritten.
/// </summary>
public static class Snapshot
{
    /// <summary>True when the run should overwrite verified files instead of failing.</summary>
    public static bool Accepting => Environment.GetEnvironmentVariable("IPVM_ACCEPT_SNAPSHOTS") == "1";

    /// <summary>Asserts that <paramref name="actual"/> equals the verified file named <paramref name="name"/> in the test's folder (or <paramref name="folder"/> under it).</summary>
    public static void Match(string actual, string name, string extension = "txt", string? folder = null, [CallerFilePath] string testFile = "")
    {
        var directory = Path.GetDirectoryName(SourcePath(testFile))!;
        if (folder is not null)
        {
            directory = Path.Combine(directory, folder);
        }

        Directory.CreateDirectory(directory);
        var verified = Path.Combine(directory, $"{name}.verified.{extension}");
        var received = Path.Combine(directory, $"{name}.received.{extension}");
        actual = Normalize(actual);
        var expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        if (Accepting)
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        throw new XunitException(expected is null
            ? $"No verified snapshot {verified}; the actual text is in {received}. Review it and run with IPVM_ACCEPT_SNAPSHOTS=1 to accept."
            : $"Snapshot {verified} differs: {FirstDifference(expected, actual)}. The actual text is in {received}; run with IPVM_ACCEPT_SNAPSHOTS=1 to accept.");
    }

    // CI builds map source paths to "/_/" (ContinuousIntegrationBuild, for reproducible binaries); map them back.
    private static string SourcePath(string compiledPath) =>
        compiledPath.StartsWith("/_/", StringComparison.Ordinal)
            ? Path.Combine(RepositoryPaths.Root, compiledPath["/_/".Length..])
            : compiledPath;

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') + "\n";

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end>";
            var right = i < a.Length ? a[i] : "<end>";
            if (left != right)
            {
                return $"line {i + 1}: expected `{left}` but got `{right}`";
            }
        }

        return "only line endings differ";
    }
}
