using System.Text;

namespace Ipvm.Durable.Ipld.Tests;

public sealed class DagJsonReaderTests
{
    private const string HelloCid = "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq";

    [Fact]
    public void Whitespace_and_any_key_order_are_accepted()
    {
        var value = Decode(" {\n\t\"b\" : [ 1 , 2.5 ] ,\r\n \"a\" : null } ");

        Assert.Equal(IpldMap.Create(("a", IpldValue.Null), ("b", IpldList.Create(1, 2.5))), value);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("-18446744073709551616", "-18446744073709551616")]
    public void Integers_over_the_cbor_range_are_integers(string json, string expected)
    {
        var value = Assert.IsType<IpldInteger>(Decode(json));

        Assert.Equal(expected, value.ToString());
    }

    [Theory]
    [InlineData("18446744073709552000", 18446744073709552000.0)]
    [InlineData("18446744073709551616", 18446744073709551616.0)]
    [InlineData("-18446744073709551617", -18446744073709551617.0)]
    [InlineData("100000000000000000000000000000000000000000", 1e41)]
    public void Integers_beyond_the_cbor_range_are_read_as_floats(string json, double expected)
    {
        Assert.Equal(new IpldFloat(expected), Decode(json));
    }

    [Theory]
    [InlineData("1.0", 1.0)]
    [InlineData("1e2", 100.0)]
    [InlineData("1E-2", 0.01)]
    [InlineData("-0.0", -0.0)]
    [InlineData("1e-400", 0.0)]
    [InlineData("4.9406564584124654e-324", double.Epsilon)]
    public void Numbers_with_a_point_or_exponent_are_floats(string json, double expected)
    {
        var value = Assert.IsType<IpldFloat>(Decode(json));

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value.Value));
    }

    [Fact]
    public void Negative_zero_round_trips_as_a_float()
    {
        Assert.Equal("-0.0", DagJson.EncodeToString(new IpldFloat(-0.0)));
        Assert.Equal(new IpldFloat(-0.0), Decode("-0.0"));
        Assert.NotEqual(new IpldFloat(0.0), Decode("-0.0"));
    }

    [Fact]
    public void Links_and_bytes_have_their_reserved_forms()
    {
        Assert.Equal(new IpldLink(Cid.Parse(HelloCid)), Decode($$"""{"/":"{{HelloCid}}"}"""));
        Assert.Equal(new IpldLink(Cid.Parse(HelloCid)), Decode($$"""{ "\u002f" : "{{HelloCid}}" }"""));
        Assert.Equal(new IpldBytes([0xa1]), Decode("""{"/":{"bytes":"oQ"}}"""));
        Assert.Equal(new IpldBytes([0xa1]), Decode("""{"/":{"bytes":"oQ=="}}"""));
        Assert.Equal(IpldBytes.Empty, Decode("""{"/":{"bytes":""}}"""));
        Assert.Equal(new IpldBytes("hello"u8), Decode("""{"/":{"bytes":"aGVsbG8"}}"""));
    }

    [Theory]
    [InlineData("""{"/":"bafy","x":1}""")]
    [InlineData("""{"x":1,"/":"bafy"}""")]
    [InlineData("""{"/":1}""")]
    [InlineData("""{"/":{"bytes":"oQ","x":1}}""")]
    [InlineData("""{"/":{"bytes":1}}""")]
    [InlineData("""{"/":{"bites":"oQ"}}""")]
    [InlineData("""{"/":{"bytes":"oQ"},"x":1}""")]
    [InlineData("""{"/":[]}""")]
    public void Other_maps_with_a_slash_key_are_plain_maps(string json)
    {
        var map = Assert.IsType<IpldMap>(Decode(json));

        Assert.True(map.ContainsKey("/"));
    }

    [Fact]
    public void Maps_that_would_read_back_as_links_or_bytes_cannot_be_encoded()
    {
        Assert.Throws<IpldEncodingException>(() => DagJson.Encode(IpldMap.Create(("/", HelloCid))));
        Assert.Throws<IpldEncodingException>(() => DagJson.Encode(IpldMap.Create(("/", IpldMap.Create(("bytes", "oQ"))))));
        Assert.Equal("""{"/":1}""", DagJson.EncodeToString(IpldMap.Create(("/", 1))));
        Assert.Equal("""{"/":"x","a":1}""", DagJson.EncodeToString(IpldMap.Create(("/", "x"), ("a", 1))));
        Assert.Equal("""{"/":{"bytes":1}}""", DagJson.EncodeToString(IpldMap.Create(("/", IpldMap.Create(("bytes", 1))))));
    }

    [Theory]
    [InlineData("""{"/":"bafy"}""", 5, "link's CID is invalid")]
    [InlineData("""{"/":""}""", 5, "link's CID is invalid")]
    [InlineData("""{"/":{"bytes":"oQ="}}""", 14, "not valid base64")]
    [InlineData("""{"/":{"bytes":"o"}}""", 14, "not valid base64")]
    [InlineData("""{"/":{"bytes":"oR"}}""", 14, "not valid base64")]
    [InlineData("""{"/":{"bytes":"o Q"}}""", 14, "not valid base64")]
    [InlineData("""{"/":{"bytes":"o-"}}""", 14, "not valid base64")]
    [InlineData("""{"/":{"bytes":"oQ==="}}""", 14, "not valid base64")]
    [InlineData("""{"a":1,"a":2}""", 7, "the map key 'a' appears twice")]
    [InlineData("[1,2", 4, "")]
    [InlineData("[1,]", 3, "")]
    [InlineData("[1] [2]", 4, "")]
    [InlineData("1 x", 2, "")]
    [InlineData("", 0, "")]
    [InlineData("   ", 3, "")]
    [InlineData("// c\n1", 0, "")]
    [InlineData("NaN", 0, "")]
    [InlineData("Infinity", 0, "")]
    [InlineData("1e999", 0, "outside the float64 range")]
    [InlineData("-1e400", 0, "outside the float64 range")]
    [InlineData("[01]", 2, "")]
    [InlineData("\"\\ud800\"", 0, "unpaired surrogate")]
    [InlineData("{\"a\":1,\n\"b\" 2}", 12, "")]
    [InlineData("'a'", 0, "")]
    public void Invalid_input_is_a_format_exception_with_the_offset(string json, long offset, string problem)
    {
        var error = Assert.Throws<DagJsonFormatException>(() => Decode(json));

        Assert.Equal(offset, error.Offset);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_in_a_string_is_rejected()
    {
        Assert.Throws<DagJsonFormatException>(() => DagJson.Decode([(byte)'"', 0xc5, 0x01, (byte)'"']));
        Assert.Throws<DagJsonFormatException>(() => DagJson.Decode([(byte)'"', 0xed, 0xa0, 0x80, (byte)'"']));
    }

    [Fact]
    public void Duplicate_keys_are_found_in_large_maps_too()
    {
        var keys = string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"k{i}\":{i}"));

        Assert.Equal(40, Decode("{" + keys + "}").AsMap().Count);
        Assert.Throws<DagJsonFormatException>(() => Decode("{" + keys + ",\"k7\":0}"));
    }

    [Fact]
    public void Limits_are_enforced()
    {
        var limits = new IpldDecodeLimits { MaxDepth = 2, MaxCollectionLength = 3, MaxInputBytes = 64 };

        Assert.Equal(2, DagJson.Decode("[[1,2,3]]"u8, limits).AsList()[0].AsList().Count - 1);
        Assert.Contains("nesting deeper", Assert.Throws<DagJsonFormatException>(() => DagJson.Decode("[[[]]]"u8, limits)).Message, StringComparison.Ordinal);
        Assert.Contains("nesting deeper", Assert.Throws<DagJsonFormatException>(() => DagJson.Decode("""[{"a":{}}]"""u8, limits)).Message, StringComparison.Ordinal);
        Assert.Contains("exceeds the limit", Assert.Throws<DagJsonFormatException>(() => DagJson.Decode("[1,2,3,4]"u8, limits)).Message, StringComparison.Ordinal);
        Assert.Contains("exceeds the limit", Assert.Throws<DagJsonFormatException>(() => DagJson.Decode("""{"a":1,"b":2,"c":3,"d":4}"""u8, limits)).Message, StringComparison.Ordinal);
        Assert.Contains("more than the limit", Assert.Throws<DagJsonFormatException>(() => DagJson.Decode(new byte[65], limits)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_and_bytes_do_not_count_as_nesting()
    {
        var limits = new IpldDecodeLimits { MaxDepth = 1 };

        var value = DagJson.Decode(Encoding.UTF8.GetBytes("[{\"/\":\"" + HelloCid + "\"},{\"/\":{\"bytes\":\"oQ\"}}]"), limits);

        Assert.Equal(IpldKind.Link, value.AsList()[0].Kind);
        Assert.Equal(IpldKind.Bytes, value.AsList()[1].Kind);
    }

    [Fact]
    public void Deep_nesting_beyond_the_default_limit_is_rejected_without_overflowing_the_stack()
    {
        var json = new string('[', 100_000) + new string(']', 100_000);

        var error = Assert.Throws<DagJsonFormatException>(() => Decode(json));

        Assert.Equal(IpldDecodeLimits.Default.MaxDepth, error.Offset);
    }

    [Fact]
    public void Escapes_are_decoded_and_raw_utf8_is_kept()
    {
        Assert.Equal(new IpldString("a\"\\/\b\f\n\r\t\u0001é𐅑"), Decode("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0001\\u00e9\\ud800\\udd51\""));
        Assert.Equal(new IpldString("水𐅑"), Decode("\"水𐅑\""));
    }

    private static IpldValue Decode(string json) => DagJson.Decode(Encoding.UTF8.GetBytes(json));
}
