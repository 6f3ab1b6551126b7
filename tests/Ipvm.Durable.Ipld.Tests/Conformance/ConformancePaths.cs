using Ipvm.Durable.Testing;

namespace Ipvm.Durable.Ipld.Tests.Conformance;

/// <summary>
/// The shared conformance data beside the checkout (<see cref="RepositoryPaths.Conformance"/>). The fixtures are read
/// in place, never copied into the repository.
/// </summary>
internal static class ConformancePaths
{
    /// <summary>The ipld/codec-fixtures copy.</summary>
    public static string IpldCodecFixtures => Path.Combine(RepositoryPaths.Conformance, "ipld-codec-fixtures");

    /// <summary>One folder per positive fixture, each with a .dag-cbor and a .dag-json file.</summary>
    public static string PositiveFixtures => Path.Combine(IpldCodecFixtures, "fixtures");
}
