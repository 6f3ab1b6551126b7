namespace Ipvm.Durable.Ipld.Tests.Conformance;

/// <summary>One codec-fixtures folder: the same value in DAG-CBOR and DAG-JSON, each file named by its CID.</summary>
internal sealed record CodecFixture(string Name, string CborCid, byte[] Cbor, string JsonCid, byte[] Json)
{
    /// <summary>The fixture folder names, as test data (the display name of each case carries the name).</summary>
    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(ConformancePaths.PositiveFixtures).Order(StringComparer.Ordinal))
        {
            names.Add(Path.GetFileName(directory));
        }

        return names;
    }

    /// <summary>Loads the fixture folder <paramref name="name"/>.</summary>
    public static CodecFixture Load(string name)
    {
        var directory = Path.Combine(ConformancePaths.PositiveFixtures, name);
        var cbor = Directory.GetFiles(directory, "*.dag-cbor").Single();
        var json = Directory.GetFiles(directory, "*.dag-json").Single();
        return new CodecFixture(
            name,
            Path.GetFileNameWithoutExtension(cbor),
            File.ReadAllBytes(cbor),
            Path.GetFileNameWithoutExtension(json),
            File.ReadAllBytes(json));
    }
}
