using System.Buffers;
using System.Text;

namespace Ipvm.Durable.Ipld;

/// <summary>The DAG-JSON codec (0x0129): the human-readable form of IPLD data.</summary>
public static partial class DagJson
{
    /// <summary>Encodes <paramref name="value"/> as canonical DAG-JSON (UTF-8).</summary>
    public static byte[] Encode(IpldValue value)
    {
        var output = new ArrayBufferWriter<byte>();
        Encode(value, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Encodes <paramref name="value"/> onto <paramref name="output"/>.</summary>
    public static void Encode(IpldValue value, IBufferWriter<byte> output) => new DagJsonWriter(output).WriteValue(value);

    /// <summary>Encodes <paramref name="value"/> as canonical DAG-JSON text.</summary>
    public static string EncodeToString(IpldValue value) => Encoding.UTF8.GetString(Encode(value));
}
