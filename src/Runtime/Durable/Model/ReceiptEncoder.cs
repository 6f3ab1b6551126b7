using System.Buffers;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// Writes a receipt's DAG-CBOR straight from its fields, with the keys in DAG-CBOR order (shorter keys first,
/// then bytewise: fx, iss, out, prf, ran, meta), instead of building and sorting the <see cref="IpldMap"/> of
/// <see cref="Receipt.ToIpld"/> and measuring it first. Every task writes one receipt, so this is the hot path.
/// </summary>
internal static class ReceiptEncoder
{
    /// <summary>Buffers larger than this are not kept for the next receipt on the thread.</summary>
    private const int MaxRetainedBuffer = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static DagCborWriter? t_writer;

    public static byte[] Encode(Receipt receipt)
    {
        var buffer = t_buffer;
        var writer = t_writer;
        if (buffer is null || writer is null)
        {
            buffer = new ArrayBufferWriter<byte>(256);
            writer = new DagCborWriter(buffer);
        }
        else
        {
            buffer.ResetWrittenCount();
        }

        // Taken off the thread while in use, so a nested encode (there is none today) could not clobber it.
        t_buffer = null;
        t_writer = null;
        writer.WriteMapHeader(6);
        writer.WriteUtf8String("fx"u8);
        writer.WriteValue(receipt.Effects);
        writer.WriteUtf8String("iss"u8);
        writer.WriteValue(receipt.Issuer);
        writer.WriteUtf8String("out"u8);
        writer.WriteMapHeader(1);
        writer.WriteUtf8String(receipt.Out.IsOk ? "ok"u8 : "error"u8);
        writer.WriteValue(receipt.Out.Value);
        writer.WriteUtf8String("prf"u8);
        writer.WriteValue(receipt.Proofs);
        writer.WriteUtf8String("ran"u8);
        writer.WriteCid(receipt.Ran);
        writer.WriteUtf8String("meta"u8);
        writer.WriteValue(receipt.Meta);
        var bytes = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity <= MaxRetainedBuffer)
        {
            t_buffer = buffer;
            t_writer = writer;
        }

        return bytes;
    }

    /// <summary>The <c>meta</c> map this runtime writes: <c>{instruction, op}</c>, already in DAG-CBOR order.</summary>
    public static IpldMap Meta(Cid instruction, string op) =>
        IpldMap.Create(("instruction", new IpldLink(instruction)), ("op", op));
}
