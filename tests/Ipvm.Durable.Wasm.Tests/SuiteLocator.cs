namespace Ipvm.Durable.Wasm.Tests;

/// <summary>Finds the shared conformance suite beside the repository (never copied into it).</summary>
internal static class SuiteLocator
{
    public static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ipvm.Durable.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    public static string SpecSuite()
    {
        var root = RepositoryRoot() ?? throw new InvalidOperationException("Ipvm.Durable.sln not found above " + AppContext.BaseDirectory);
        return Path.GetFullPath(Path.Combine(root, "..", "shared", "conformance", "wasm-testsuite-json"));
    }

    public static string Script(string name) => Path.Combine(SpecSuite(), name, name + ".json");

    public static IEnumerable<string> ScriptNames() =>
        Directory.GetDirectories(SpecSuite()).Select(Path.GetFileName).Where(n => File.Exists(Script(n!))).Order(StringComparer.Ordinal)!;
}
