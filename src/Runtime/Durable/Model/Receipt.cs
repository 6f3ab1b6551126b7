using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// A receipt <c>{ran, out, fx, meta, iss, prf}</c> (UCAN Invocation 0.2): the result of running one
/// invocation. Receipts are DAG-CBOR blocks named by their CID (sha3-256). <see cref="InstructionCid"/>
/// is carried in <c>meta.instruction</c> so a stored receipt proves which memoization key it answers.
/// </summary>
public sealed class Receipt
{
    private byte[]? _bytes;
    private Cid? _cid;
    private Cid? _instructionCid;

    /// <summary>Creates a receipt.</summary>
    public Receipt(Cid ran, TaskResult output, IpldMap meta, IpldValue? effects = null, IpldValue? issuer = null, IpldList? proofs = null)
    {
        ArgumentNullException.ThrowIfNull(ran);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(meta);
        Ran = ran;
        Out = output;
        Meta = meta;
        Effects = effects ?? EmptyEffects;
        Issuer = issuer ?? IpldValue.Null;
        Proofs = proofs ?? IpldList.Empty;
    }

    /// <summary>The empty effect description <c>{"fork": []}</c>.</summary>
    public static IpldMap EmptyEffects { get; } = IpldMap.Create(("fork", IpldList.Empty));

    /// <summary>The invocation CID that ran (<c>ran</c>).</summary>
    public Cid Ran { get; }

    /// <summary>The result (<c>out</c>).</summary>
    public TaskResult Out { get; }

    /// <summary>Requested effects (<c>fx</c>).</summary>
    public IpldValue Effects { get; }

    /// <summary>Annotations (<c>meta</c>): <c>op</c> and <c>instruction</c> here.</summary>
    public IpldMap Meta { get; }

    /// <summary>The issuer (<c>iss</c>), null when unsigned.</summary>
    public IpldValue Issuer { get; }

    /// <summary>Proofs (<c>prf</c>).</summary>
    public IpldList Proofs { get; }

    /// <summary>The instruction CID from <c>meta.instruction</c>, when present.</summary>
    public Cid? InstructionCid => _instructionCid ??= Meta.GetValueOrDefault("instruction") is IpldLink link ? link.Cid : null;

    /// <summary>The receipt's CID (dag-cbor, sha3-256).</summary>
    public Cid Cid => _cid ??= IpvmCid.OfEncoded(ToBytes());

    /// <summary>Creates the receipt this runtime writes for <paramref name="task"/>.</summary>
    public static Receipt For(WorkflowTask task, TaskResult output)
    {
        ArgumentNullException.ThrowIfNull(task);
        var instruction = task.InstructionCid;
        return new Receipt(task.InvocationCid, output, ReceiptEncoder.Meta(instruction, task.Run.DisplayName)) { _instructionCid = instruction };
    }

    /// <summary>The IPLD form <c>{fx, iss, meta, out, prf, ran}</c>.</summary>
    public IpldMap ToIpld() => IpldMap.Create(
        ("fx", Effects),
        ("iss", Issuer),
        ("meta", Meta),
        ("out", Out.ToIpld()),
        ("prf", Proofs),
        ("ran", new IpldLink(Ran)));

    /// <summary>The DAG-CBOR bytes (cached; do not modify). Byte for byte <c>DagCbor.Encode(ToIpld())</c>.</summary>
    public byte[] ToBytes() => _bytes ??= ReceiptEncoder.Encode(this);

    /// <summary>Reads a receipt from IPLD; accepts Homestar's <c>["ok", v]</c> form and a missing <c>fx</c>.</summary>
    public static Receipt FromIpld(IpldValue value)
    {
        if (value is not IpldMap map)
        {
            throw new FormatException($"A receipt must be a map, not {value.Kind}.");
        }

        if (map.GetValueOrDefault("ran") is not IpldLink ran)
        {
            throw new FormatException("A receipt needs 'ran', a link to the invocation.");
        }

        if (map.GetValueOrDefault("out") is not { } outValue || !TaskResult.TryRead(outValue, out var output))
        {
            throw new FormatException("A receipt needs 'out' as {\"ok\": v}, {\"error\": e}, [\"ok\", v] or [\"error\", e].");
        }

        return new Receipt(
            ran.Cid,
            output!,
            map.GetValueOrDefault("meta") as IpldMap ?? IpldMap.Empty,
            map.GetValueOrDefault("fx"),
            map.GetValueOrDefault("iss"),
            map.GetValueOrDefault("prf") as IpldList);
    }

    /// <summary>Decodes DAG-CBOR bytes; when <paramref name="expected"/> is given the bytes must hash to it.</summary>
    public static Receipt Decode(ReadOnlySpan<byte> dagCbor, Cid? expected = null)
    {
        if (expected is not null && !expected.Matches(dagCbor))
        {
            throw new FormatException($"The receipt bytes do not hash to {expected}.");
        }

        var receipt = ReceiptDecoder.TryRead(dagCbor) ?? FromIpld(DagCbor.Decode(dagCbor, IpldDecodeLimits.Default));
        receipt._bytes = dagCbor.ToArray();
        receipt._cid = expected;
        return receipt;
    }

    /// <summary>
    /// A stored receipt read back: decoded only when its bytes hash to <paramref name="cid"/> and, when
    /// <paramref name="instructionCid"/> is given, it answers that instruction; otherwise null with the
    /// <paramref name="problem"/> a store reports before treating the row as absent.
    /// </summary>
    public static Receipt? DecodeStored(byte[] data, Cid cid, Cid? instructionCid, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(cid);
        try
        {
            // Decode checks the bytes against the CID (one sha3-256) before it parses them.
            var receipt = Decode(data, cid);
            if (instructionCid is null || receipt.InstructionCid == instructionCid)
            {
                problem = null;
                return receipt;
            }

            problem = $"it answers {receipt.InstructionCid?.ToString() ?? "no instruction"}, not {instructionCid}";
        }
        catch (FormatException e)
        {
            problem = e.Message;
        }

        return null;
    }
}
