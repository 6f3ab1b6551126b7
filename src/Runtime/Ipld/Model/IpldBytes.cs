using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Ipld;

/// <summary>An IPLD byte string. The bytes are copied in, so the value cannot change afterwards.</summary>
public sealed class IpldBytes : IpldValue
{
    private static readonly IpldBytes EmptyInstance = new([], owned: true);
    private readonly byte[] _bytes;

    /// <summary>Creates a byte string from a copy of <paramref name="bytes"/>.</summary>
    public IpldBytes(ReadOnlySpan<byte> bytes) => _bytes = bytes.ToArray();

    private IpldBytes(byte[] bytes, bool owned)
    {
        _ = owned;
        _bytes = bytes;
    }

    /// <summary>The empty byte string.</summary>
    public static IpldBytes Empty => EmptyInstance;

    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Memory => _bytes;

    /// <summary>The bytes.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>The number of bytes.</summary>
    public int Length => _bytes.Length;

    /// <inheritdoc />
    public override IpldKind Kind => IpldKind.Bytes;

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] IpldValue? other) =>
        other is IpldBytes b && b._bytes.AsSpan().SequenceEqual(_bytes);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>Wraps an array the caller gives up; used by decoders that just allocated it.</summary>
    internal static IpldBytes TakeOwnership(byte[] bytes) => bytes.Length == 0 ? EmptyInstance : new IpldBytes(bytes, owned: true);
}
