namespace Ipvm.Durable.Ipld;

/// <summary>The CAR v1 header: the DAG-CBOR map <c>{roots: [links], version: 1}</c>.</summary>
internal static class CarHeader
{
    private static readonly IpldDecodeLimits HeaderLimits = new() { MaxDepth = 2 };

    public static byte[] Encode(IEnumerable<Cid> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var links = roots.Select(static root => (IpldValue)new IpldLink(root ?? throw new ArgumentException("A root CID is null.", nameof(roots))));
        return DagCbor.Encode(IpldMap.Create(("roots", IpldList.Create(links)), ("version", 1)));
    }

    /// <summary>Decodes the header bytes that start at <paramref name="offset"/> in the CAR and returns its roots.</summary>
    public static Cid[] Decode(ReadOnlySpan<byte> bytes, long offset)
    {
        IpldValue header;
        try
        {
            header = DagCbor.Decode(bytes, HeaderLimits);
        }
        catch (DagCborFormatException e)
        {
            throw new CarFormatException(offset + e.Offset, "the header is not valid DAG-CBOR: " + e.Problem);
        }

        if (header is not IpldMap map)
        {
            throw new CarFormatException(offset, $"the header must be a map, not a {header.Kind}");
        }

        var version = map.GetValueOrDefault("version");
        if (version != IpldInteger.From(1))
        {
            throw new CarFormatException(offset, version == IpldInteger.From(2)
                ? "this is a CARv2 file; only CARv1 is supported"
                : $"the header's version must be 1, not {version?.ToString() ?? "missing"}");
        }

        if (map.GetValueOrDefault("roots") is not IpldList roots || map.Count != 2)
        {
            throw new CarFormatException(offset, "the header must have exactly the keys 'roots' (a list of links) and 'version'");
        }

        var cids = new Cid[roots.Count];
        for (var i = 0; i < cids.Length; i++)
        {
            cids[i] = roots[i] is IpldLink link ? link.Cid : throw new CarFormatException(offset, $"root {i} is a {roots[i].Kind}, not a link");
        }

        return cids;
    }
}
