using System.Security.Cryptography;

namespace Ipvm.Durable.Ipld;

/// <summary>Computes multihash digests for the hash functions this library supports.</summary>
public static class Multihash
{
    /// <summary>The longest identity digest accepted (identity CIDs embed their data; keep them small).</summary>
    public const int MaxIdentityLength = 128;

    /// <summary>The digest length of <paramref name="code"/>, or -1 when it cannot be computed here.</summary>
    public static int DigestLength(MultihashCode code) => code switch
    {
        MultihashCode.Sha2_256 => SHA256.HashSizeInBytes,
        MultihashCode.Sha3_256 => Sha3Digest.HashSizeInBytes,
        MultihashCode.Sha2_512 => SHA512.HashSizeInBytes,
        _ => -1,
    };

    /// <summary>True when digests of <paramref name="code"/> can be computed on this platform.</summary>
    public static bool IsSupported(MultihashCode code) => code switch
    {
        MultihashCode.Identity or MultihashCode.Sha2_256 or MultihashCode.Sha2_512 or MultihashCode.Sha3_256 => true,
        _ => false,
    };

    /// <summary>Hashes <paramref name="data"/> into <paramref name="digest"/>, which must have the digest's length.</summary>
    public static void Compute(MultihashCode code, ReadOnlySpan<byte> data, Span<byte> digest)
    {
        switch (code)
        {
            case MultihashCode.Sha2_256:
                SHA256.HashData(data, digest);
                break;
            case MultihashCode.Sha3_256:
                // Managed rather than SHA3_256: faster for small blocks and available on every platform.
                Sha3Digest.HashData(data, digest);
                break;
            case MultihashCode.Sha2_512:
                SHA512.HashData(data, digest);
                break;
            case MultihashCode.Identity:
                data.CopyTo(digest);
                break;
            default:
                throw new NotSupportedException($"The multihash 0x{(ulong)code:x} cannot be computed here; supported: sha2-256, sha2-512, sha3-256, identity.");
        }
    }

    /// <summary>The multiformats name of <paramref name="code"/> (sha2-256, sha3-256, ...), or its hex code.</summary>
    public static string Name(MultihashCode code) => code switch
    {
        MultihashCode.Identity => "identity",
        MultihashCode.Sha2_256 => "sha2-256",
        MultihashCode.Sha2_512 => "sha2-512",
        MultihashCode.Sha3_256 => "sha3-256",
        _ => $"0x{(ulong)code:x}",
    };

    /// <summary>Parses a multiformats hash name such as <c>sha2-256</c>.</summary>
    public static bool TryParseName(string name, out MultihashCode code)
    {
        code = name switch
        {
            "identity" => MultihashCode.Identity,
            "sha2-256" => MultihashCode.Sha2_256,
            "sha2-512" => MultihashCode.Sha2_512,
            "sha3-256" => MultihashCode.Sha3_256,
            _ => (MultihashCode)ulong.MaxValue,
        };
        return code != (MultihashCode)ulong.MaxValue;
    }
}
