using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Ipld;

/// <summary>An IPLD boolean.</summary>
public sealed class IpldBool : IpldValue
{
    private IpldBool(bool value) => Value = value;

    /// <summary>The true value.</summary>
    public static IpldBool True { get; } = new(true);

    /// <summary>The false value.</summary>
    public static IpldBool False { get; } = new(false);

    /// <summary>The value.</summary>
    public bool Value { get; }

    /// <inheritdoc />
    public override IpldKind Kind => IpldKind.Bool;

    /// <summary>Returns the shared instance for <paramref name="value"/>.</summary>
    public static IpldBool From(bool value) => value ? True : False;

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] IpldValue? other) => other is IpldBool b && b.Value == Value;

    /// <inheritdoc />
    public override int GetHashCode() => Value ? 1 : 2;
}
