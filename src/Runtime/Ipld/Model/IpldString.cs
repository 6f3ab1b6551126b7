using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Ipld;

/// <summary>An IPLD string.</summary>
public sealed class IpldString : IpldValue
{
    /// <summary>Creates a string value.</summary>
    public IpldString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    /// <summary>The value.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public override IpldKind Kind => IpldKind.String;

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] IpldValue? other) =>
        other is IpldString s && string.Equals(s.Value, Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);
}
