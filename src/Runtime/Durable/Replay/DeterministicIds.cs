using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Ipvm.Durable.Replay;

/// <summary>GUIDs and random seeds derived from the run id, so replay sees the values the first execution saw.</summary>
internal static class DeterministicIds
{
    /// <summary>The <paramref name="index"/>-th GUID of the run: an RFC 9562 version 8 UUID from SHA-256.</summary>
    public static Guid Guid(string runId, int index)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"ipvm/guid/{runId}/{index}"), hash);
        hash[6] = (byte)((hash[6] & 0x0f) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3f) | 0x80); // RFC 9562 variant
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>The seed of the run's <see cref="Random"/>.</summary>
    public static int RandomSeed(string runId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"ipvm/random/{runId}"), hash);
        return BinaryPrimitives.ReadInt32LittleEndian(hash);
    }
}
