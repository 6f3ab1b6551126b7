using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// An IPLD integer over the whole CBOR range, -2^64 to 2^64-1 (major types 0 and 1), which is wider
/// than <see cref="long"/>; the codec fixtures hold values at both ends.
/// </summary>
public sealed class IpldInteger : IpldValue
{
    /// <summary>The smallest integer CBOR can carry, -2^64.</summary>
    public static readonly Int128 MinValue = -(Int128)ulong.MaxValue - 1;

    /// <summary>The largest integer CBOR can carry, 2^64-1.</summary>
    public static readonly Int128 MaxValue = ulong.MaxValue;

    private const int CachedMin = -32;
    private const int CachedMax = 255;
    private static readonly IpldInteger[] Cache = CreateCache();

    private IpldInteger(Int128 value) => Value = value;

    /// <summary>The value.</summary>
    public Int128 Value { get; }

    /// <inheritdoc />
    public override IpldKind Kind => IpldKind.Integer;

    /// <summary>True when the value fits a <see cref="long"/>.</summary>
    public bool FitsInt64 => Value >= long.MinValue && Value <= long.MaxValue;

    /// <summary>Creates an integer; small values share instances.</summary>
    public static IpldInteger From(long value) =>
        value is >= CachedMin and <= CachedMax ? Cache[value - CachedMin] : new IpldInteger(value);

    /// <summary>Creates an integer from an unsigned value.</summary>
    public static IpldInteger From(ulong value) =>
        value <= CachedMax ? Cache[(int)value - CachedMin] : new IpldInteger(value);

    /// <summary>Creates an integer; throws when it is outside -2^64 to 2^64-1.</summary>
    public static IpldInteger From(Int128 value)
    {
        if (value < MinValue || value > MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "An IPLD integer must lie between -2^64 and 2^64-1.");
        }

        return value >= CachedMin && value <= CachedMax ? Cache[(int)value - CachedMin] : new IpldInteger(value);
    }

    /// <summary>Creates an integer from CBOR's representation: <paramref name="magnitude"/> for major type 0, -1 - magnitude for major type 1.</summary>
    public static IpldInteger FromCbor(bool negative, ulong magnitude)
    {
        if (!negative)
        {
            return From(magnitude);
        }

        return magnitude < (ulong)-CachedMin ? Cache[-1 - (int)magnitude - CachedMin] : new IpldInteger(-1 - (Int128)magnitude);
    }

    /// <summary>Returns the value as a <see cref="long"/>; throws <see cref="OverflowException"/> when it does not fit.</summary>
    public long ToInt64() =>
        FitsInt64 ? (long)Value : throw new OverflowException($"The IPLD integer {Value} does not fit a 64-bit signed integer.");

    /// <summary>Returns the value as a <see cref="BigInteger"/>.</summary>
    public BigInteger ToBigInteger() => (BigInteger)Value;

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] IpldValue? other) => other is IpldInteger i && i.Value == Value;

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>The decimal text of the value.</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    private static IpldInteger[] CreateCache()
    {
        var cache = new IpldInteger[CachedMax - CachedMin + 1];
        for (var i = 0; i < cache.Length; i++)
        {
            cache[i] = new IpldInteger(i + CachedMin);
        }

        return cache;
    }
}
