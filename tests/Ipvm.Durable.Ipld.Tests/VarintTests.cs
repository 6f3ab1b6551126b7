namespace Ipvm.Durable.Ipld.Tests;

public sealed class VarintTests
{
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "8001")]
    [InlineData(300UL, "ac02")]
    [InlineData(16384UL, "808001")]
    [InlineData(0x0129UL, "a902")]
    [InlineData(9223372036854775807UL, "ffffffffffffffff7f")]
    public void Round_trips_known_encodings(ulong value, string hex)
    {
        var buffer = new byte[Varint.MaxLength];

        var written = Varint.Write(value, buffer);

        Assert.Equal(hex, Convert.ToHexStringLower(buffer, 0, written));
        Assert.Equal(written, Varint.GetLength(value));
        Assert.True(Varint.TryRead(Convert.FromHexString(hex), out var read, out var length, out var error));
        Assert.Null(error);
        Assert.Equal(value, read);
        Assert.Equal(written, length);
    }

    [Theory]
    [InlineData("", "truncated")]
    [InlineData("80", "truncated")]
    [InlineData("ff80", "truncated")]
    [InlineData("8000", "not minimally encoded")]
    [InlineData("ff00", "not minimally encoded")]
    [InlineData("ffffffffffffffffff01", "longer than 9 bytes")]
    public void Rejects_invalid_encodings_with_the_reason(string hex, string problem)
    {
        Assert.False(Varint.TryRead(Convert.FromHexString(hex), out _, out _, out var error));
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_only_its_own_bytes()
    {
        Assert.True(Varint.TryRead([0xac, 0x02, 0xff], out var value, out var length, out _));
        Assert.Equal(300UL, value);
        Assert.Equal(2, length);
    }

    [Fact]
    public void Refuses_to_write_more_than_63_bits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Varint.Write(ulong.MaxValue, new byte[10]));
    }
}
