namespace Ipvm.Durable.Ipld;

/// <summary>Computes the exact DAG-CBOR length of a value, so encoding can fill one array with no copies.</summary>
internal static class DagCborLength
{
    public static long Of(IpldValue value) => value switch
    {
        IpldMap map => OfMap(map),
        IpldList list => OfList(list),
        IpldString s => OfString(s.Value),
        IpldInteger i => CborHead.Length(i.Value >= 0 ? (ulong)i.Value : (ulong)(-1 - i.Value)),
        IpldBytes b => CborHead.Length((ulong)b.Length) + b.Length,
        IpldLink l => 2 + CborHead.Length((ulong)l.Cid.ByteLength + 1) + l.Cid.ByteLength + 1,
        IpldFloat => 9,
        _ => 1,
    };

    private static long OfMap(IpldMap map)
    {
        long length = CborHead.Length((ulong)map.Count);
        foreach (var (key, item) in map.Entries)
        {
            length += OfString(key) + Of(item);
        }

        return length;
    }

    private static long OfList(IpldList list)
    {
        long length = CborHead.Length((ulong)list.Count);
        foreach (var item in list.Items)
        {
            length += Of(item);
        }

        return length;
    }

    private static long OfString(string value)
    {
        // Lone surrogates count as 3 bytes here; the writer rejects them when it gets there.
        var byteCount = System.Text.Encoding.UTF8.GetByteCount(value);
        return CborHead.Length((ulong)byteCount) + byteCount;
    }
}
