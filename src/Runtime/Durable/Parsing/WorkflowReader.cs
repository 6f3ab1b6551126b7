using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// Reads IPVM/Homestar workflow files: DAG-JSON or DAG-CBOR, with or without the
/// <c>{name, workflow}</c> envelope. Shape errors are <see cref="WorkflowFormatException"/>s naming the
/// JSON path; undecodable bytes are reported with their byte offset.
/// </summary>
public static class WorkflowReader
{
    /// <summary>Reads a workflow from a file's bytes; the format is detected from the first byte.</summary>
    public static Workflow Read(ReadOnlySpan<byte> bytes, IpldDecodeLimits? limits = null)
    {
        IpldValue root;
        try
        {
            root = LooksLikeJson(bytes) ? DagJson.Decode(bytes, limits) : DagCbor.Decode(bytes, limits);
        }
        catch (IpldFormatException e)
        {
            throw new WorkflowFormatException(string.Empty, e.Message, e);
        }

        return FromIpld(root);
    }

    /// <summary>Reads a workflow from its IPLD form, <c>{tasks}</c> or <c>{name, workflow: {tasks}}</c>.</summary>
    public static Workflow FromIpld(IpldValue root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var map = IpldShape.Map(root, "$");
        string? name = null;
        var path = string.Empty;
        if (map.ContainsKey("workflow"))
        {
            if (map.GetValueOrDefault("name") is { } n)
            {
                name = n is IpldString s ? s.Value : throw IpldShape.Wrong("name", "a string", n);
            }

            path = "workflow";
            map = IpldShape.Map(map["workflow"], path);
        }

        var tasks = IpldShape.List(IpldShape.Required(map, "tasks", path), IpldShape.Join(path, "tasks"));
        var result = new WorkflowTask[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            result[i] = ReadTask(tasks[i], IpldShape.Index(IpldShape.Join(path, "tasks"), i));
        }

        return new Workflow(result, name);
    }

    /// <summary>Reads one task <c>{run, cause, meta, prf}</c>; <paramref name="path"/> prefixes error paths.</summary>
    public static WorkflowTask ReadTask(IpldValue value, string path = "task")
    {
        var map = IpldShape.Map(value, path);
        var run = ReadInstruction(IpldShape.Required(map, "run", path), IpldShape.Join(path, "run"));
        var metaValue = map.GetValueOrDefault("meta") ?? IpldMap.Empty;
        var meta = IpldShape.Map(metaValue, IpldShape.Join(path, "meta"));
        CheckLimit(meta, "time", path);
        CheckLimit(meta, "memory", path);
        CheckLimit(meta, "fuel", path);
        var proofs = map.GetValueOrDefault("prf") is { } prf ? IpldShape.List(prf, IpldShape.Join(path, "prf")) : null;
        return new WorkflowTask(run, new TaskMeta(meta), map.GetValueOrDefault("cause"), proofs);
    }

    /// <summary>Reads one instruction <c>{rsc, op, input, nnc}</c>.</summary>
    public static Instruction ReadInstruction(IpldValue value, string path = "run")
    {
        var map = IpldShape.Map(value, path);
        var rsc = IpldShape.String(map, "rsc", path);
        var op = IpldShape.String(map, "op", path);
        if (op.Length == 0)
        {
            throw new WorkflowFormatException(IpldShape.Join(path, "op"), "must not be empty");
        }

        var input = IpldShape.Required(map, "input", path);
        var nonce = map.GetValueOrDefault("nnc") ?? new IpldString(string.Empty);
        if (nonce is not (IpldString or IpldBytes))
        {
            throw IpldShape.Wrong(IpldShape.Join(path, "nnc"), "a string or bytes", nonce);
        }

        foreach (var key in map.Keys)
        {
            if (key is not ("rsc" or "op" or "input" or "nnc"))
            {
                throw new WorkflowFormatException(IpldShape.Join(path, key), "is not a field of an instruction (rsc, op, input, nnc)");
            }
        }

        return new Instruction(rsc, op, input, nonce);
    }

    private static void CheckLimit(IpldMap meta, string key, string path)
    {
        var value = meta.GetValueOrDefault(key);
        if (value is null or IpldNull)
        {
            return;
        }

        var ok = value switch
        {
            IpldInteger i => i.Value >= 0,
            IpldFloat f => f.Value >= 0 && double.IsFinite(f.Value),
            _ => false,
        };
        if (!ok)
        {
            throw IpldShape.Wrong(IpldShape.Join(IpldShape.Join(path, "meta"), key), "a non-negative number", value);
        }
    }

    private static bool LooksLikeJson(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            return b is (byte)'{' or (byte)'[';
        }

        return false;
    }
}
