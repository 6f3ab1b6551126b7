using System.Buffers.Binary;

namespace Ipvm.Durable.Ipld;

/// <summary>CBOR major types and the shortest-form head encoding that DAG-CBOR requires.</summary>
internal static class CborHead
{
    public const byte UnsignedInteger = 0;
    public const byte NegativeInteger = 1;
    public const byte ByteString = 2;
    public const byte TextString = 3;
    public const byte Array = 4;
    public const byte Map = 5;
    public const byte Tag = 6;
    public const byte Simple = 7;

    public const byte False = 0xf4;
    public const byte True = 0xf5;
    public const byte Null = 0xf6;
    public const byte Float64 = 0xfb;
    public const ulong CidTag = 42;

    /// <summary>The bytes a head with <paramref name="argument"/> takes.</summary>
    public static int Length(ulong argument) => argument switch
    {
        < 24 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        <= uint.MaxValue => 5,
        _ => 9,
    };

    /// <summary>Writes the shortest head for <paramref name="majorType"/> and <paramref name="argument"/>.</summary>
    public static int Write(Span<byte> destination, byte majorType, ulong argument)
    {
        var mt = (byte)(majorType << 5);
        switch (argument)
        {
            case < 24:
                destination[0] = (byte)(mt | (byte)argument);
                return 1;
            case <= byte.MaxValue:
                destination[0] = (byte)(mt | 24);
                destination[1] = (byte)argument;
                return 2;
            case <= ushort.MaxValue:
                destination[0] = (byte)(mt | 25);
                BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)argument);
                return 3;
            case <= uint.MaxValue:
                destination[0] = (byte)(mt | 26);
                BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)argument);
                return 5;
            default:
                destination[0] = (byte)(mt | 27);
                BinaryPrimitives.WriteUInt64BigEndian(destination[1..], argument);
                return 9;
        }
    }
}
