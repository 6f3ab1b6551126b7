using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// Reads the receipts this runtime writes (exactly the keys <c>fx, iss, out, prf, ran, meta</c> in DAG-CBOR order,
/// <c>out</c> as <c>{"ok": v}</c> or <c>{"error": e}</c>) field by field, without building the top-level and
/// <c>out</c> maps and their key strings. Anything else (Homestar's list form, a missing <c>fx</c>, other keys)
/// returns null and is read by the general decoder. Every read goes through the strict <see cref="DagCborReader"/>.
/// </summary>
internal static class ReceiptDecoder
{
    public static Receipt? TryRead(ReadOnlySpan<byte> data)
    {
        var reader = new DagCborReader(data, IpldDecodeLimits.Default);
        if (reader.PeekKind() != IpldKind.Map || reader.ReadMapHeader() != 6)
        {
            return null;
        }

        if (!Key(ref reader, "fx"u8))
        {
            return null;
        }

        var effects = reader.ReadValue();
        if (!Key(ref reader, "iss"u8))
        {
            return null;
        }

        var issuer = reader.ReadValue();
        if (!Key(ref reader, "out"u8) || reader.PeekKind() != IpldKind.Map || reader.ReadMapHeader() != 1 || reader.PeekKind() != IpldKind.String)
        {
            return null;
        }

        var tag = reader.ReadUtf8String();
        var isOk = tag.SequenceEqual("ok"u8);
        if (!isOk && !tag.SequenceEqual("error"u8))
        {
            return null;
        }

        var value = reader.ReadValue();
        if (!Key(ref reader, "prf"u8) || reader.PeekKind() != IpldKind.List)
        {
            return null;
        }

        var proofs = (IpldList)reader.ReadValue();
        if (!Key(ref reader, "ran"u8) || reader.PeekKind() != IpldKind.Link)
        {
            return null;
        }

        var ran = reader.ReadCid();
        if (!Key(ref reader, "meta"u8) || reader.PeekKind() != IpldKind.Map)
        {
            return null;
        }

        var meta = (IpldMap)reader.ReadValue();
        reader.EnsureAtEnd();
        return new Receipt(ran, isOk ? TaskResult.Ok(value) : TaskResult.Error(value), meta, effects, issuer, proofs);
    }

    private static bool Key(ref DagCborReader reader, ReadOnlySpan<byte> expected) =>
        reader.PeekKind() == IpldKind.String && reader.ReadUtf8String().SequenceEqual(expected);
}
