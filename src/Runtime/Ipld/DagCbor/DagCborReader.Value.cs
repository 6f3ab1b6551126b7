namespace Ipvm.Durable.Ipld;

public ref partial struct DagCborReader
{
    /// <summary>Reads one complete value (recursively), checking map keys for canonical order and uniqueness.</summary>
    public IpldValue ReadValue() => ReadValue(0);

    private IpldValue ReadValue(int depth)
    {
        switch (PeekKind())
        {
            case IpldKind.Map:
                return ReadMap(depth + 1);
            case IpldKind.List:
                return ReadList(depth + 1);
            case IpldKind.String:
                return new IpldString(ReadString());
            case IpldKind.Integer:
                var (negative, magnitude) = ReadIntegerParts();
                return IpldInteger.FromCbor(negative, magnitude);
            case IpldKind.Bytes:
                return IpldBytes.TakeOwnership(CopyOf(ReadBytesSpan()));
            case IpldKind.Link:
                return new IpldLink(ReadCid());
            case IpldKind.Float:
                return new IpldFloat(ReadFloat());
            case IpldKind.Bool:
                return IpldBool.From(ReadBool());
            default:
                ReadNull();
                return IpldNull.Instance;
        }
    }

    private IpldList ReadList(int depth)
    {
        CheckDepth(depth);
        var count = ReadListHeader();
        var items = count == 0 ? [] : new IpldValue[count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ReadValue(depth);
        }

        return IpldList.TakeOwnership(items);
    }

    private IpldMap ReadMap(int depth)
    {
        CheckDepth(depth);
        var count = ReadMapHeader();
        var keys = count == 0 ? [] : new string[count];
        var values = count == 0 ? [] : new IpldValue[count];
        ReadOnlySpan<byte> previous = default;
        for (var i = 0; i < keys.Length; i++)
        {
            var keyStart = _position;
            if (PeekByte() >> 5 != CborHead.TextString)
            {
                ThrowUnexpected("a text string map key");
            }

            var key = ReadTextBytes();
            if (i > 0)
            {
                CheckKeyOrder(previous, key, keyStart);
            }

            previous = key;
            keys[i] = Decode(key, keyStart);
            values[i] = ReadValue(depth);
        }

        return IpldMap.TakeOwnershipOfCanonical(keys, values);
    }

    // Uninitialized: every byte is overwritten at once, and large byte strings skip the zeroing pass.
    private static byte[] CopyOf(ReadOnlySpan<byte> bytes)
    {
        var array = GC.AllocateUninitializedArray<byte>(bytes.Length);
        bytes.CopyTo(array);
        return array;
    }

    private readonly void CheckDepth(int depth)
    {
        if (depth > _limits.MaxDepth)
        {
            Throw(_position, $"nesting deeper than the limit of {_limits.MaxDepth}");
        }
    }

    private static void CheckKeyOrder(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> key, int offset)
    {
        var order = previous.Length != key.Length ? previous.Length - key.Length : previous.SequenceCompareTo(key);
        if (order == 0)
        {
            Throw(offset, $"the map key '{DescribeKey(key)}' appears twice");
        }

        if (order > 0)
        {
            Throw(offset, $"the map key '{DescribeKey(key)}' is out of canonical order (length first, then bytewise)");
        }
    }

    // The key for an error message. It is not validated yet, so invalid UTF-8 shows as U+FFFD
    // instead of throwing a DecoderFallbackException from inside the error path.
    private static string DescribeKey(ReadOnlySpan<byte> key) => System.Text.Encoding.UTF8.GetString(key);
}
