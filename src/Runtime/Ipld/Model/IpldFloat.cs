using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// An IPLD float (binary64). Equality is by bit pattern, so 0.0 and -0.0 differ, as their
/// encodings do.
/// </summary>
public sealed class IpldFloat : IpldValue
{
    /// <summary>Creates a float value.</summary>
    public IpldFloat(double value) => Value = value;

    /// <summary>The value.</summary>
    public double Value { get; }

    /// <inheritdoc />
    public override IpldKind Kind => IpldKind.Float;

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] IpldValue? other) =>
        other is IpldFloat f && BitConverter.DoubleToInt64Bits(f.Value) == BitConverter.DoubleToInt64Bits(Value);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.DoubleToInt64Bits(Value).GetHashCode();
}
