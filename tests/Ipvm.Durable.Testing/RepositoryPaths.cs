namespace Ipvm.Durable.Testing;

/// <summary>Locates the repository root and the shared conformance data beside it.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding Ipvm.Durable.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>../shared/conformance, read in place and never copied into the repository.</summary>
    public static string Conformance => Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ipvm.Durable.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Ipvm.Durable.sln was not found above " + AppContext.BaseDirectory);
    }
}
