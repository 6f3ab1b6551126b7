namespace Ipvm.Durable.Ipld.Tests.Conformance;

/// <summary>
/// Finds the shared conformance data: the folder beside the checkout that holds Ipvm.Durable.sln.
/// The fixtures are read in place, never copied into the repository.
/// </summary>
internal static class ConformancePaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The ipld/codec-fixtures copy.</summary>
    public static string IpldCodecFixtures => Path.Combine(Root.Value, "ipld-codec-fixtures");

    /// <summary>One folder per positive fixture, each with a .dag-cbor and a .dag-json file.</summary>
    public static string PositiveFixtures => Path.Combine(IpldCodecFixtures, "fixtures");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ipvm.Durable.sln")))
            {
                var root = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "conformance"));
                return Directory.Exists(root)
                    ? root
                    : throw new DirectoryNotFoundException($"The conformance data is expected at {root}, beside the checkout.");
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds Ipvm.Durable.sln.");
    }
}
