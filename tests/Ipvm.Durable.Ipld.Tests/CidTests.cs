namespace Ipvm.Durable.Ipld.Tests;

// Expected CIDs were computed independently with Python's hashlib and a hand-written CID layout.
public sealed class CidTests
{
    private const string HelloRawSha256 = "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq";
    private static readonly byte[] Hello = "hello"u8.ToArray();

    [Fact]
    public void Compute_sha2_256_matches_an_independent_computation()
    {
        var cid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, Hello);

        Assert.Equal(HelloRawSha256, cid.ToString());
        Assert.Equal(1, cid.Version);
        Assert.Equal(Multicodec.Raw, cid.Codec);
        Assert.Equal(MultihashCode.Sha2_256, cid.Hash);
        Assert.Equal(32, cid.Digest.Length);
    }

    [Theory]
    [InlineData("a0", "bafyrmibku2rbpap7wrjjmzeyvznniz6lf6wtxeyujjrjii33ya2m3jekem")]
    [InlineData("68656c6c6f", "bafyrmibthc7gst2qyxztrakjq3g7a2dekouirocpijgxskxuxeqchghtsi")]
    public void Compute_sha3_256_gives_homestar_style_bafyrmi_cids(string hex, string expected)
    {
        var cid = Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha3_256, Convert.FromHexString(hex));

        Assert.Equal(expected, cid.ToString());
    }

    [Fact]
    public void Dag_cbor_of_the_empty_map_has_its_known_cid()
    {
        Assert.Equal("bafyreigbtj4x7ip5legnfznufuopl4sg4knzc2cof6duas4b3q2fy6swua", DagCbor.ComputeCid(IpldMap.Empty).ToString());
        Assert.Equal("bafyrmibku2rbpap7wrjjmzeyvznniz6lf6wtxeyujjrjii33ya2m3jekem", DagCbor.ComputeCid(IpldMap.Empty, MultihashCode.Sha3_256).ToString());
    }

    [Fact]
    public void Compute_identity_embeds_the_data()
    {
        var cid = Cid.Compute(Multicodec.Raw, MultihashCode.Identity, Hello);

        Assert.Equal("bafkqablimvwgy3y", cid.ToString());
        Assert.True(cid.Digest.SequenceEqual(Hello));
    }

    [Fact]
    public void Matches_is_true_only_for_the_hashed_data()
    {
        var sha2 = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, Hello);
        var sha3 = Cid.Compute(Multicodec.Raw, MultihashCode.Sha3_256, Hello);
        var identity = Cid.Compute(Multicodec.Raw, MultihashCode.Identity, Hello);

        Assert.True(sha2.Matches(Hello));
        Assert.True(sha3.Matches(Hello));
        Assert.True(identity.Matches(Hello));
        Assert.False(sha2.Matches("hellO"u8));
        Assert.False(sha3.Matches("hellO"u8));
        Assert.False(identity.Matches("hell"u8));
        Assert.False(Cid.Parse("bafkr4ihkr4ld3m4gqkjf4reryxsy2s5tkbxprqkow6fin2iiyvreuzzab4").Matches(Hello));
    }

    [Theory]
    [InlineData(HelloRawSha256)]
    [InlineData("zb2rhZfjRh2FHHB2RkHVEvL2vJnCTcu7kwRqgVsf9gpkLgteo")]
    [InlineData("BAFKREIBM6JG3UX5QUMHCN2B3FLC3TYU6DMLB4XA7U5BF44YEGNRJHC4YEQ")]
    public void Every_multibase_of_a_v1_cid_parses_to_the_same_cid(string text)
    {
        var cid = Cid.Parse(text);

        Assert.Equal(HelloRawSha256, cid.ToString());
        Assert.Equal("zb2rhZfjRh2FHHB2RkHVEvL2vJnCTcu7kwRqgVsf9gpkLgteo", cid.ToString('z'));
        Assert.Equal(cid, Cid.FromBytes(cid.Bytes));
    }

    [Fact]
    public void V0_round_trips_as_base58_and_reads_as_dag_pb()
    {
        const string text = "QmRN6wdp1S2A5EtjW9A3M1vKSBuQQGcgvuhoMUoEz4iiT5";

        var cid = Cid.Parse(text);

        Assert.Equal(0, cid.Version);
        Assert.Equal(Multicodec.DagPb, cid.Codec);
        Assert.Equal(text, cid.ToString());
        Assert.Equal(34, cid.ByteLength);
        Assert.True(cid.Matches(Hello));
        Assert.Equal(cid, Cid.FromBytes(cid.Bytes));
        Assert.Equal(cid, Cid.Parse(cid.ToString('b'))); // the bare multihash in base32, as js-multiformats reads it
        Assert.Equal(cid, Cid.Parse(cid.ToString('z')));
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("mAXASIA", "multibase prefix 'm' is not supported")]
    [InlineData("bAFKREIBM6JG3UX5QUMHCN2B3FLC3TYU6DMLB4XA7U5BF44YEGNRJHC4YEQ", "not valid base32")]
    [InlineData("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4y", "the digest is truncated")]
    [InlineData("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeqaa", "follow the CID")]
    [InlineData("z0OIl", "not valid base58btc")]
    [InlineData("bafkq", "multihash code: the varint is truncated")]
    [InlineData("bafkr", "not valid base32")]
    [InlineData("bai", "version 2 is not supported")]
    [InlineData("bqa", "version: the varint is truncated")]
    public void Parse_errors_say_what_is_wrong(string text, string problem)
    {
        Assert.False(Cid.TryParse(text, out _, out var error));
        Assert.Contains(problem, error, StringComparison.Ordinal);
        var exception = Assert.Throws<FormatException>(() => Cid.Parse(text));
        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_errors_say_what_is_wrong()
    {
        var cid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, Hello);
        var nonMinimalCodec = new byte[] { 0x01, 0xd5, 0x00, 0x12, 0x00 };

        Assert.Contains("truncated", Assert.Throws<FormatException>(() => Cid.FromBytes(cid.Bytes[..^1])).Message, StringComparison.Ordinal);
        Assert.Contains("follow", Assert.Throws<FormatException>(() => Cid.FromBytes([.. cid.Bytes, 0])).Message, StringComparison.Ordinal);
        Assert.Contains("codec: the varint is not minimally encoded", Assert.Throws<FormatException>(() => Cid.FromBytes(nonMinimalCodec)).Message, StringComparison.Ordinal);
        Assert.Contains("at most 32 bytes", Assert.Throws<FormatException>(() => Cid.FromBytes([0x01, 0x55, 0x12, 0x21, .. new byte[33]])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Try_read_stops_at_the_end_of_the_cid()
    {
        var cid = Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha2_256, Hello);
        byte[] followed = [.. cid.Bytes, 1, 2, 3];

        Assert.True(Cid.TryRead(followed, out var read, out var consumed, out _));
        Assert.Equal(cid, read);
        Assert.Equal(cid.ByteLength, consumed);
    }

    [Fact]
    public void Equality_and_order_follow_the_binary_form()
    {
        var a = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, Hello);
        var b = Cid.Parse(a.ToString('z'));
        var c = Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha2_256, Hello);

        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a != c);
        Assert.True(a < c); // codec 0x55 sorts before 0x71
        Assert.Equal(0, a.CompareTo(b));
    }

    [Fact]
    public void Unsupported_hashes_cannot_be_computed()
    {
        var error = Assert.Throws<NotSupportedException>(() => Cid.Compute(Multicodec.Raw, (MultihashCode)0x1e, Hello));
        Assert.Contains("0x1e", error.Message, StringComparison.Ordinal);
    }
}
