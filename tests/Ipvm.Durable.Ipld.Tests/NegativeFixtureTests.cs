using Ipvm.Durable.Ipld.Tests.Conformance;

namespace Ipvm.Durable.Ipld.Tests;

public sealed class NegativeFixtureTests
{
    public static TheoryData<string, string> DagCborCases()
    {
        var cases = NegativeFixture.Cases("negative-fixtures/dag-cbor/decode");
        foreach (var row in NegativeFixture.Cases("supplemental-negative/dag-cbor/decode"))
        {
            cases.Add((string)row[0], (string)row[1]);
        }

        return cases;
    }

    public static TheoryData<string, string> DagJsonCases() => NegativeFixture.Cases("negative-fixtures/dag-json/decode");

    [Theory]
    [MemberData(nameof(DagCborCases))]
    public void Dag_cbor_decoder_rejects(string file, string name)
    {
        var bytes = NegativeFixture.Load(file, name);

        var error = Assert.Throws<DagCborFormatException>(() => DagCbor.Decode(bytes));

        Assert.InRange(error.Offset, 0, bytes.Length);
        Assert.Contains($"at byte {error.Offset}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DagJsonCases))]
    public void Dag_json_decoder_rejects(string file, string name)
    {
        var bytes = NegativeFixture.Load(file, name);

        var error = Assert.Throws<DagJsonFormatException>(() => DagJson.Decode(bytes));

        Assert.InRange(error.Offset, 0, bytes.Length);
    }

    [Fact]
    public void Every_file_is_covered()
    {
        Assert.Single(NegativeFixture.Cases("negative-fixtures/dag-json/decode"));
        Assert.Equal(1 + 73, DagCborCases().Count);
    }
}
