using System.Text;

namespace Ipvm.Durable.Ipld.Tests;

public sealed class MultibaseTests
{
    // RFC 4648 section 10 test vectors (lower case, padding removed).
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "my")]
    [InlineData("fo", "mzxq")]
    [InlineData("foo", "mzxw6")]
    [InlineData("foob", "mzxw6yq")]
    [InlineData("fooba", "mzxw6ytb")]
    [InlineData("foobar", "mzxw6ytboi")]
    public void Base32_matches_rfc_4648(string text, string base32)
    {
        var bytes = Encoding.ASCII.GetBytes(text);

        Assert.Equal(base32, Base32.EncodeLower(bytes));
        Assert.True(Base32.TryDecode(base32, out var lower));
        Assert.True(Base32.TryDecode(base32.ToUpperInvariant(), out var upper));
        Assert.Equal(bytes, lower);
        Assert.Equal(bytes, upper);
    }

    [Theory]
    [InlineData("mzxw6=")]
    [InlineData("mzx")] // 3 characters cannot come from whole bytes
    [InlineData("mzxw7")] // non-zero unused bits
    [InlineData("mzxw1")]
    [InlineData("mZxw6")]
    public void Base32_rejects_invalid_text(string text)
    {
        // Mixed case is rejected by Cid.Parse, not by the alphabet decoder; check it there.
        if (text.Any(char.IsUpper))
        {
            Assert.False(Cid.TryParse("b" + text, out _));
            return;
        }

        Assert.False(Base32.TryDecode(text, out _));
    }

    // Vectors from the base58 draft (draft-msporny-base58) and Bitcoin's test suite.
    [Theory]
    [InlineData("", "")]
    [InlineData("61", "2g")]
    [InlineData("626262", "a3gV")]
    [InlineData("636363", "aPEr")]
    [InlineData("0000287fb4cd", "11233QC4")]
    [InlineData("48656c6c6f20576f726c6421", "2NEpo7TZRRrLZSi2U")]
    [InlineData("00000000000000000000", "1111111111")]
    public void Base58_matches_known_vectors(string hex, string base58)
    {
        var bytes = Convert.FromHexString(hex);

        Assert.Equal(base58, Base58.Encode(bytes));
        Assert.True(Base58.TryDecode(base58, out var decoded));
        Assert.Equal(bytes, decoded);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("O")]
    [InlineData("I")]
    [InlineData("l")]
    [InlineData("2g ")]
    [InlineData("2gé")]
    public void Base58_rejects_characters_outside_the_alphabet(string text)
    {
        Assert.False(Base58.TryDecode(text, out _));
    }

    [Fact]
    public void Cid_text_uses_each_multibase_prefix()
    {
        var cid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, "hello"u8);

        Assert.StartsWith("b", cid.ToString('b'), StringComparison.Ordinal);
        Assert.StartsWith("z", cid.ToString('z'), StringComparison.Ordinal);
        Assert.Equal(cid, Cid.Parse("B" + cid.ToString()[1..].ToUpperInvariant()));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => cid.ToString('m'));
        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
    }
}
