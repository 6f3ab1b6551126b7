using Ipvm.Durable.Ipld.Tests.Conformance;

namespace Ipvm.Durable.Ipld.Tests;

public sealed class DagCborFixtureTests
{
    public static TheoryData<string> Fixtures => CodecFixture.Names();

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decoding_and_re_encoding_gives_the_same_bytes_and_cid(string fixture)
    {
        var f = CodecFixture.Load(fixture);

        var value = DagCbor.Decode(f.Cbor);
        var encoded = DagCbor.Encode(value);

        Assert.Equal(Convert.ToHexString(f.Cbor), Convert.ToHexString(encoded));
        Assert.Equal(f.CborCid, Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha2_256, encoded).ToString());
        Assert.Equal(f.CborCid, DagCbor.ComputeCid(value).ToString());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Converting_to_dag_json_gives_the_dag_json_file(string fixture)
    {
        var f = CodecFixture.Load(fixture);

        var json = DagJson.Encode(DagCbor.Decode(f.Cbor));

        Assert.Equal(Utf8(f.Json), Utf8(json));
        Assert.Equal(f.JsonCid, Cid.Compute(Multicodec.DagJson, MultihashCode.Sha2_256, json).ToString());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Both_encodings_decode_to_equal_values(string fixture)
    {
        var f = CodecFixture.Load(fixture);

        var fromCbor = DagCbor.Decode(f.Cbor);
        var fromJson = DagJson.Decode(f.Json);

        Assert.Equal(fromCbor, fromJson);
        Assert.Equal(fromCbor.GetHashCode(), fromJson.GetHashCode());
    }

    private static string Utf8(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);
}
