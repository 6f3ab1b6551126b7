using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ipvm.Durable.Ipld.Tests.Conformance;

namespace Ipvm.Durable.Ipld.Tests;

public sealed class DagJsonFixtureTests
{
    public static TheoryData<string> Fixtures => CodecFixture.Names();

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decoding_and_re_encoding_gives_the_same_bytes_and_cid(string fixture)
    {
        var f = CodecFixture.Load(fixture);

        var value = DagJson.Decode(f.Json);
        var encoded = DagJson.Encode(value);

        Assert.Equal(Utf8(f.Json), Utf8(encoded));
        Assert.Equal(f.JsonCid, Cid.Compute(Multicodec.DagJson, MultihashCode.Sha2_256, encoded).ToString());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Converting_to_dag_cbor_gives_the_dag_cbor_file(string fixture)
    {
        var f = CodecFixture.Load(fixture);

        var cbor = DagCbor.Encode(DagJson.Decode(f.Json));

        Assert.Equal(Convert.ToHexString(f.Cbor), Convert.ToHexString(cbor));
        Assert.Equal(f.CborCid, Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha2_256, cbor).ToString());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decoding_with_whitespace_between_tokens_gives_the_same_value(string fixture)
    {
        var f = CodecFixture.Load(fixture);
        var value = DagJson.Decode(Indent(f.Json));

        Assert.Equal(DagJson.Decode(f.Json), value);
    }

    // Rewrites the JSON indented: the same tokens, with newlines and spaces between them.
    private static byte[] Indent(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return output.WrittenSpan.ToArray();
    }

    private static string Utf8(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);
}
