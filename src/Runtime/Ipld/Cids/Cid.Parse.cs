using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Ipld;

public sealed partial class Cid
{
    /// <summary>The longest digest accepted from untrusted input.</summary>
    public const int MaxDigestLength = 512;

    /// <summary>Parses CID text (<c>Qm…</c>, <c>b…</c>, <c>B…</c>, <c>z…</c>); throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static Cid Parse(string text) =>
        TryParse(text, out var cid, out var error) ? cid : throw new FormatException($"Invalid CID '{Shorten(text)}': {error}.");

    /// <summary>Parses CID text; false when it is not a valid CID.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Cid? cid) => TryParse(text, out cid, out _);

    /// <summary>Parses CID text; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Cid? cid, [NotNullWhen(false)] out string? error)
    {
        cid = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "it is empty";
            return false;
        }

        byte[] bytes;
        if (text.Length == 46 && text.StartsWith("Qm", StringComparison.Ordinal))
        {
            if (!Base58.TryDecode(text, out bytes))
            {
                error = "it is not valid base58btc";
                return false;
            }

            return TryReadV0(bytes, out cid, out error);
        }

        var body = text.AsSpan(1);
        var decoded = text[0] switch
        {
            'b' when !HasUpper(body) => Base32.TryDecode(body, out bytes),
            'B' when !HasLower(body) => Base32.TryDecode(body, out bytes),
            'z' => Base58.TryDecode(body, out bytes),
            _ => Unsupported(out bytes),
        };
        if (!decoded)
        {
            error = text[0] is 'b' or 'B' or 'z'
                ? $"it is not valid {(text[0] == 'z' ? "base58btc" : "base32")}"
                : $"the multibase prefix '{text[0]}' is not supported (use 'b' base32 or 'z' base58btc)";
            return false;
        }

        if (!TryRead(bytes, out cid, out var consumed, out error))
        {
            return false;
        }

        if (consumed != bytes.Length)
        {
            cid = null;
            error = $"{bytes.Length - consumed} bytes follow the CID";
            return false;
        }

        return true;
    }

    /// <summary>Reads a binary CID from the whole of <paramref name="bytes"/>; throws <see cref="FormatException"/>.</summary>
    public static Cid FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (!TryRead(bytes, out var cid, out var consumed, out var error))
        {
            throw new FormatException($"Invalid binary CID: {error}.");
        }

        return consumed == bytes.Length ? cid : throw new FormatException($"Invalid binary CID: {bytes.Length - consumed} bytes follow it.");
    }

    /// <summary>
    /// Reads a binary CID from the start of <paramref name="bytes"/> (which may continue after it, as in CAR
    /// sections). On failure <paramref name="error"/> says why.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out Cid? cid, out int consumed, [NotNullWhen(false)] out string? error)
    {
        cid = null;
        consumed = 0;
        if (bytes.Length >= 2 && bytes[0] == 0x12 && bytes[1] == 0x20)
        {
            if (bytes.Length < 34)
            {
                error = "the CIDv0 multihash is truncated";
                return false;
            }

            consumed = 34;
            return TryReadV0(bytes[..34], out cid, out error);
        }

        if (!Varint.TryRead(bytes, out var version, out var o, out error))
        {
            error = "version: " + error;
            return false;
        }

        if (version != 1)
        {
            error = version == 0 ? "a CIDv0 must be a bare sha2-256 multihash" : $"the CID version {version} is not supported";
            return false;
        }

        if (!Varint.TryRead(bytes[o..], out var codec, out var n, out error))
        {
            error = "codec: " + error;
            return false;
        }

        o += n;
        var digestOffset = 0;
        if (!TryReadMultihash(bytes[o..], out var hash, ref digestOffset, out var multihashLength, out error))
        {
            return false;
        }

        consumed = o + multihashLength;
        cid = new Cid(bytes[..consumed].ToArray(), 1, (Multicodec)codec, hash, o + digestOffset);
        return true;
    }

    private static bool TryReadV0(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out Cid? cid, [NotNullWhen(false)] out string? error)
    {
        cid = null;
        if (bytes.Length != 34 || bytes[0] != 0x12 || bytes[1] != 0x20)
        {
            error = "a CIDv0 must be a 34-byte sha2-256 multihash";
            return false;
        }

        error = null;
        cid = new Cid(bytes.ToArray(), 0, Multicodec.DagPb, MultihashCode.Sha2_256, 2);
        return true;
    }

    private static bool TryReadMultihash(ReadOnlySpan<byte> bytes, out MultihashCode hash, ref int digestOffset, out int length, [NotNullWhen(false)] out string? error)
    {
        hash = default;
        length = 0;
        if (!Varint.TryRead(bytes, out var code, out var a, out error))
        {
            error = "multihash code: " + error;
            return false;
        }

        if (!Varint.TryRead(bytes[a..], out var digestLength, out var b, out error))
        {
            error = "multihash length: " + error;
            return false;
        }

        if (digestLength > MaxDigestLength)
        {
            error = $"the digest length {digestLength} exceeds {MaxDigestLength}";
            return false;
        }

        if ((ulong)(bytes.Length - a - b) < digestLength)
        {
            error = $"the digest is truncated: {digestLength} bytes declared, {bytes.Length - a - b} present";
            return false;
        }

        var known = Multihash.DigestLength((MultihashCode)code);
        if (known >= 0 && (int)digestLength > known)
        {
            error = $"a {Multihash.Name((MultihashCode)code)} digest has at most {known} bytes, not {digestLength}";
            return false;
        }

        hash = (MultihashCode)code;
        digestOffset = a + b;
        length = a + b + (int)digestLength;
        return true;
    }

    private static bool Unsupported(out byte[] bytes)
    {
        bytes = [];
        return false;
    }

    private static bool HasUpper(ReadOnlySpan<char> s) => s.ContainsAnyInRange('A', 'Z');

    private static bool HasLower(ReadOnlySpan<char> s) => s.ContainsAnyInRange('a', 'z');

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..77] + "...";
}
