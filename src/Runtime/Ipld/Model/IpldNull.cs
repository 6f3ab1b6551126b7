using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Ipld;

/// <summary>The IPLD null value.</summary>
public sealed class IpldNull : IpldValue
{
    private IpldNull()
    {
    }

    /// <summary>The one null value.</summary>
    public static IpldNull Instance { get; } = new();

    /// <inheritdoc />
    public override IpldKind Kind => IpldKind.Null;

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] IpldValue? other) => other is IpldNull;

    /// <inheritdoc />
    public override int GetHashCode() => 0x6e756c6c;
}
