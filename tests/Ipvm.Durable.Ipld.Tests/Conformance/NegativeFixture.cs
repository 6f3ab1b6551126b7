using System.Text.Json;

namespace Ipvm.Durable.Ipld.Tests.Conformance;

/// <summary>
/// The invalid inputs of the codec fixtures: JSON arrays of <c>{"name", "hex", ...}</c>, from upstream
/// (<c>negative-fixtures/</c>) and from the team's strictness list (<c>supplemental-negative/</c>).
/// </summary>
internal static class NegativeFixture
{
    public const string UpstreamDagCbor = "negative-fixtures/dag-cbor/decode/duplicate-keys.json";
    public const string UpstreamDagJson = "negative-fixtures/dag-json/decode/duplicate-keys.json";
    public const string StrictnessDagCbor = "supplemental-negative/dag-cbor/decode/strictness.json";

    /// <summary>(file, case name) pairs for every case of every file in <paramref name="directory"/>.</summary>
    public static TheoryData<string, string> Cases(string directory)
    {
        var cases = new TheoryData<string, string>();
        var root = Path.Combine(ConformancePaths.IpldCodecFixtures, directory);
        foreach (var file in Directory.GetFiles(root, "*.json").Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(ConformancePaths.IpldCodecFixtures, file).Replace('\\', '/');
            foreach (var name in Read(relative).Keys)
            {
                cases.Add(relative, name);
            }
        }

        return cases;
    }

    /// <summary>The bytes of the case named <paramref name="name"/> in <paramref name="file"/>.</summary>
    public static byte[] Load(string file, string name) => Read(file)[name];

    private static Dictionary<string, byte[]> Read(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ConformancePaths.IpldCodecFixtures, file)));
        var cases = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var item in document.RootElement.EnumerateArray())
        {
            cases.Add(item.GetProperty("name").GetString()!, Convert.FromHexString(item.GetProperty("hex").GetString()!));
        }

        return cases;
    }
}
