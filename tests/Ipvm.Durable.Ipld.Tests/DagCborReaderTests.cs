namespace Ipvm.Durable.Ipld.Tests;

public sealed class DagCborReaderTests
{
    // Found by PropertyTests: the key-order check described the key with a throwing UTF-8 decoder
    // before the key had been validated, so a DecoderFallbackException escaped.
    [Fact]
    public void An_invalid_utf8_key_out_of_order_is_a_format_error()
    {
        byte[] map = [0xa2, 0x62, 0x61, 0x61, 0x01, 0x61, 0xff, 0x02]; // {"aa": 1, "\xff": 2}

        var error = Assert.Throws<DagCborFormatException>(() => DagCbor.Decode(map));

        Assert.Equal(5, error.Offset);
        Assert.Contains("out of canonical order", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_name_the_offset_and_what_was_expected()
    {
        var error = Assert.Throws<DagCborFormatException>(() => DagCbor.Decode([0x82, 0x01, 0xf9, 0x3c, 0x00]));

        Assert.Equal(2, error.Offset);
        Assert.Equal("Invalid DAG-CBOR at byte 2: a half-precision float (DAG-CBOR requires float64) is not allowed.", error.Message);
    }

    [Fact]
    public void Depth_and_length_limits_are_enforced()
    {
        var limits = new IpldDecodeLimits { MaxDepth = 2, MaxCollectionLength = 2 };

        Assert.Equal(2, DagCbor.Decode([0x81, 0x82, 0x01, 0x02], limits).AsList()[0].AsList().Count);
        Assert.Throws<DagCborFormatException>(() => DagCbor.Decode([0x81, 0x81, 0x81, 0x01], limits));
        Assert.Throws<DagCborFormatException>(() => DagCbor.Decode([0x83, 0x01, 0x02, 0x03], limits));
    }
}
