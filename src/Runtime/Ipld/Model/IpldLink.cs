using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Ipld;

/// <summary>An IPLD link: a CID naming another block.</summary>
public sealed class IpldLink : IpldValue
{
    /// <summary>Creates a link to <paramref name="cid"/>.</summary>
    public IpldLink(Cid cid)
    {
        ArgumentNullException.ThrowIfNull(cid);
        Cid = cid;
    }

    /// <summary>The linked CID.</summary>
    public Cid Cid { get; }

    /// <inheritdoc />
    public override IpldKind Kind => IpldKind.Link;

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] IpldValue? other) => other is IpldLink l && l.Cid.Equals(Cid);

    /// <inheritdoc />
    public override int GetHashCode() => Cid.GetHashCode();
}
