using System.Security.Cryptography;
using System.Text;

namespace Ipvm.Durable.Ipld.Tests;

// Known answers are NIST's SHA3-256 examples (FIPS 202 validation examples); the block-boundary vectors were
// computed independently with Python's hashlib.sha3_256.
public sealed class Sha3DigestTests
{
    private const string Msg448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    private const string Msg896 =
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

    [Theory]
    [InlineData("", 1, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")]
    [InlineData("abc", 1, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532")]
    [InlineData(Msg448, 1, "41c0dba2a9d6240849100376a8235e2c82e1b9998a999e21db32dd97496d3376")]
    [InlineData(Msg896, 1, "916f6061fe879741ca6469b43971dfdb28b1a32dc36cb3254e812be27aad1d18")]
    [InlineData("a", 1_000_000, "5c8875ae474a3634ba4fd55ec85bffd661f32aca75c6d699d0cdcb6c115891c1")]
    public void Nist_examples_hash_to_their_known_digests(string text, int repeat, string expected)
    {
        var data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(text, repeat)));

        Assert.Equal(expected, Hex(data));
    }

    [Fact]
    public void Nist_1600_bit_example_of_repeated_a3_hashes_to_its_known_digest()
    {
        Assert.Equal("79f38adec5c20307a98ef76e8324afbfd46cfd81b22e3973c65fa1bd9de31787", Hex(Enumerable.Repeat((byte)0xa3, 200).ToArray()));
    }

    // 135 puts both padding bits in one byte (0x86); 136 and 272 need a padding-only block.
    [Theory]
    [InlineData(135, "fded8fd9d6551c601eeb3b7c6bc5e5cfd8aad1d015b7e9aaa9c9b9475231d5e2")]
    [InlineData(136, "cf3ccff92480a29160c2d38317c430e14749bfee1788106957dfe73f8c4930e5")]
    [InlineData(137, "ce9d7dc90913ee5d92745019479a5352c6d6279bef18ed07dc0a83ee8084daca")]
    [InlineData(271, "d409bcbb54825556454a757a1f629135ba49c0467dcf6b4e0aa69e9718dd31e6")]
    [InlineData(272, "0b21ec4a8eff6d179e09ba9fe0ab08515b24e0923fbf419f5c30a38e64577db5")]
    [InlineData(273, "6e7f5de2677213044468ef21d3c8c57bb10cc5957e4f99d038db65ac3151e9c1")]
    public void Inputs_around_the_rate_boundary_hash_to_their_known_digests(int length, string expected)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        Assert.Equal(expected, Hex(data));
    }

    [PlatformSha3Fact]
    public void Every_length_up_to_600_matches_the_platform_sha3()
    {
        var random = new Random(600);
        var data = new byte[600];
        random.NextBytes(data);
        for (var length = 0; length <= data.Length; length++)
        {
            var input = data.AsSpan(0, length);

            Assert.True(Managed(input).AsSpan().SequenceEqual(SHA3_256.HashData(input)), $"length {length}");
        }
    }

    [PlatformSha3Fact]
    public void Seeded_random_large_inputs_match_the_platform_sha3()
    {
        var random = new Random(20261121);
        for (var i = 0; i < 50; i++)
        {
            var data = new byte[random.Next(600, 70_000)];
            random.NextBytes(data);

            Assert.True(Managed(data).AsSpan().SequenceEqual(SHA3_256.HashData(data)), $"input {i}, {data.Length} bytes");
        }
    }

    [Fact]
    public void A_longer_destination_receives_exactly_32_bytes()
    {
        var destination = Enumerable.Repeat((byte)0xee, 40).ToArray();

        Assert.Equal(32, Sha3Digest.HashData("abc"u8, destination));

        Assert.Equal("3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532", Convert.ToHexStringLower(destination.AsSpan(0, 32)));
        Assert.All(destination[32..], b => Assert.Equal(0xee, b));
    }

    [Fact]
    public void A_destination_shorter_than_32_bytes_is_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(() => Sha3Digest.HashData("abc"u8, new byte[31]));

        Assert.Equal("destination", exception.ParamName);
    }

    [Fact]
    public void Multihash_computes_sha3_256_with_the_managed_digest_on_every_platform()
    {
        Span<byte> digest = stackalloc byte[32];

        Assert.True(Multihash.IsSupported(MultihashCode.Sha3_256));
        Assert.Equal(32, Multihash.DigestLength(MultihashCode.Sha3_256));
        Multihash.Compute(MultihashCode.Sha3_256, "abc"u8, digest);
        Assert.Equal("3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532", Convert.ToHexStringLower(digest));
    }

    private static byte[] Managed(ReadOnlySpan<byte> data)
    {
        var digest = new byte[Sha3Digest.HashSizeInBytes];
        Sha3Digest.HashData(data, digest);
        return digest;
    }

    private static string Hex(byte[] data) => Convert.ToHexStringLower(Managed(data));
}
