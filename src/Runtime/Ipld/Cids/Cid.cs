using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// A content identifier (CID) v0 or v1: a codec and a multihash naming a block by its content.
/// Immutable, compared by its binary form. Text is base32 lower (<c>b…</c>) for v1 and base58btc
/// (<c>Qm…</c>) for v0.
/// </summary>
public sealed partial class Cid : IEquatable<Cid>, IComparable<Cid>
{
    private readonly byte[] _bytes;
    private readonly int _digestOffset;
    private readonly int _hashCode;
    private string? _text;

    private Cid(byte[] bytes, int version, Multicodec codec, MultihashCode hash, int digestOffset)
    {
        _bytes = bytes;
        Version = version;
        Codec = codec;
        Hash = hash;
        _digestOffset = digestOffset;
        var hashCode = new HashCode();
        hashCode.AddBytes(bytes);
        _hashCode = hashCode.ToHashCode();
    }

    /// <summary>0 or 1.</summary>
    public int Version { get; }

    /// <summary>The content codec (DAG-PB for every v0 CID).</summary>
    public Multicodec Codec { get; }

    /// <summary>The hash function of the multihash.</summary>
    public MultihashCode Hash { get; }

    /// <summary>The digest inside the multihash.</summary>
    public ReadOnlySpan<byte> Digest => _bytes.AsSpan(_digestOffset);

    /// <summary>The binary form: the bare multihash for v0, version + codec + multihash for v1.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The number of bytes of the binary form.</summary>
    public int ByteLength => _bytes.Length;

    /// <summary>Hashes <paramref name="data"/> and returns its CIDv1.</summary>
    public static Cid Compute(Multicodec codec, MultihashCode hash, ReadOnlySpan<byte> data)
    {
        var digestLength = hash == MultihashCode.Identity ? data.Length : Multihash.DigestLength(hash);
        if (digestLength < 0)
        {
            throw new NotSupportedException($"The multihash {Multihash.Name(hash)} cannot be computed here.");
        }

        var prefixLength = 1 + Varint.GetLength((ulong)codec) + Varint.GetLength((ulong)hash) + Varint.GetLength((ulong)digestLength);
        var bytes = new byte[prefixLength + digestLength];
        var o = Varint.Write(1, bytes);
        o += Varint.Write((ulong)codec, bytes.AsSpan(o));
        o += Varint.Write((ulong)hash, bytes.AsSpan(o));
        o += Varint.Write((ulong)digestLength, bytes.AsSpan(o));
        Multihash.Compute(hash, data, bytes.AsSpan(o));
        return new Cid(bytes, 1, codec, hash, o);
    }

    /// <summary>True when <paramref name="data"/> hashes to this CID's digest.</summary>
    public bool Matches(ReadOnlySpan<byte> data)
    {
        if (Hash == MultihashCode.Identity)
        {
            return data.SequenceEqual(Digest);
        }

        var length = Multihash.DigestLength(Hash);
        if (length != Digest.Length || !Multihash.IsSupported(Hash))
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[length];
        Multihash.Compute(Hash, data, digest);
        return digest.SequenceEqual(Digest);
    }

    /// <summary>The CID's canonical text: base58btc for v0, base32 lower for v1.</summary>
    public override string ToString() => _text ??= Version == 0 ? Base58.Encode(_bytes) : "b" + Base32.EncodeLower(_bytes);

    /// <summary>The CID's text in the multibase <paramref name="prefix"/> ('b' base32 lower or 'z' base58btc).</summary>
    public string ToString(char prefix) => prefix switch
    {
        'b' when Version == 1 => ToString(),
        'b' => "b" + Base32.EncodeLower(_bytes),
        'z' => "z" + Base58.Encode(_bytes),
        _ => throw new ArgumentOutOfRangeException(nameof(prefix), prefix, "Supported multibase prefixes: 'b' (base32 lower), 'z' (base58btc)."),
    };

    /// <inheritdoc />
    public bool Equals([NotNullWhen(true)] Cid? other) =>
        other is not null && (ReferenceEquals(this, other) || (other._hashCode == _hashCode && other._bytes.AsSpan().SequenceEqual(_bytes)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Cid other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _hashCode;

    /// <summary>Orders CIDs by their binary form.</summary>
    public int CompareTo(Cid? other) => other is null ? 1 : _bytes.AsSpan().SequenceCompareTo(other._bytes);

    /// <summary>Value equality.</summary>
    public static bool operator ==(Cid? left, Cid? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Cid? left, Cid? right) => !(left == right);

    /// <summary>Binary order.</summary>
    public static bool operator <(Cid? left, Cid? right) => left is null ? right is not null : left.CompareTo(right) < 0;

    /// <summary>Binary order.</summary>
    public static bool operator >(Cid? left, Cid? right) => left is not null && left.CompareTo(right) > 0;

    /// <summary>Binary order.</summary>
    public static bool operator <=(Cid? left, Cid? right) => !(left > right);

    /// <summary>Binary order.</summary>
    public static bool operator >=(Cid? left, Cid? right) => !(left < right);
}
