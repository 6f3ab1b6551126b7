using System.Text;

namespace Ipvm.Durable.Ipld.Tests;

/// <summary>
/// A seeded generator of IPLD values of every kind: nested collections, strings with astral
/// characters and escapes, integers at the ends of the CBOR range, floats including -0.0 and
/// subnormals, and links of several CID shapes.
/// </summary>
internal static class RandomIpld
{
    private static readonly Int128[] EdgeIntegers =
    [
        0, 1, -1, 23, 24, -24, -25, 255, 256, 65535, 65536, uint.MaxValue, (Int128)uint.MaxValue + 1,
        long.MaxValue, long.MinValue, (Int128)long.MaxValue + 1, (Int128)long.MinValue - 1,
        9007199254740991, -9007199254740991, IpldInteger.MaxValue, IpldInteger.MinValue,
    ];

    private static readonly double[] EdgeFloats =
    [
        0.0, -0.0, 1.0, -1.0, 0.5, 1.1, 1e21, 1e-7, 123456789012345680000.0, double.Epsilon, -double.Epsilon,
        2.2250738585072009e-308, double.MaxValue, double.MinValue, 9007199254740993.0, 0.1 + 0.2,
    ];

    private static readonly string[] Alphabet = ["a", "z", "/", "\"", "\\", "\n", "\u0001", "\u007f", "é", "水", "\uE000", "\uFFFF", "𐅑", "😀", "\U0010FFFF", " "];

    public static IpldValue Value(Random random, int depth = 3) => random.Next(depth > 0 ? 10 : 8) switch
    {
        0 => IpldValue.Null,
        1 => IpldBool.From(random.Next(2) == 0),
        2 => Integer(random),
        3 => new IpldFloat(Float(random)),
        4 => new IpldString(String(random, 12)),
        5 => new IpldBytes(Bytes(random, 20)),
        6 => new IpldLink(Cid(random)),
        7 => random.Next(2) == 0 ? new IpldString("") : IpldInteger.From(random.NextInt64()),
        8 => IpldList.Create(Enumerable.Range(0, random.Next(6)).Select(_ => Value(random, depth - 1))),
        _ => Map(random, depth),
    };

    public static string String(Random random, int maxLength)
    {
        var builder = new StringBuilder();
        var length = random.Next(maxLength + 1);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(3) == 0 ? Alphabet[random.Next(Alphabet.Length)] : ((char)random.Next('!', '~' + 1)).ToString());
        }

        return builder.ToString();
    }

    private static IpldMap Map(Random random, int depth)
    {
        var entries = new Dictionary<string, IpldValue>(StringComparer.Ordinal);
        var count = random.Next(6);
        while (entries.Count < count)
        {
            var key = String(random, 6);
            if (key != "/") // a lone "/" key is reserved for links and bytes in DAG-JSON
            {
                entries[key] = Value(random, depth - 1);
            }
        }

        return IpldMap.Create(entries);
    }

    private static IpldInteger Integer(Random random) => random.Next(3) switch
    {
        0 => IpldInteger.From(EdgeIntegers[random.Next(EdgeIntegers.Length)]),
        1 => IpldInteger.From(random.NextInt64(-1000, 1000)),
        _ => IpldInteger.From(((Int128)random.NextInt64() << 1) + random.Next(2)),
    };

    private static double Float(Random random)
    {
        if (random.Next(3) == 0)
        {
            return EdgeFloats[random.Next(EdgeFloats.Length)];
        }

        while (true)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            if (double.IsFinite(value))
            {
                return value;
            }
        }
    }

    private static byte[] Bytes(Random random, int maxLength)
    {
        var bytes = new byte[random.Next(maxLength + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static Cid Cid(Random random)
    {
        var data = Bytes(random, 8);
        return random.Next(4) switch
        {
            0 => Ipld.Cid.FromBytes([0x12, 0x20, .. System.Security.Cryptography.SHA256.HashData(data)]),
            1 => Ipld.Cid.Compute(Multicodec.Raw, MultihashCode.Identity, data),
            2 => Ipld.Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha3_256, data),
            _ => Ipld.Cid.Compute((Multicodec)random.Next(0, 100_000), MultihashCode.Sha2_256, data),
        };
    }
}
