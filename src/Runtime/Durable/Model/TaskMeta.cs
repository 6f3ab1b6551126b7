using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// A task's <c>meta</c> map: resource limits (<c>fuel</c>, <c>memory</c> in bytes, <c>time</c> in
/// milliseconds) and anything else the author put there. It is part of the task and invocation CIDs but
/// not of the instruction CID, so changing a limit does not invalidate a memoized result.
/// </summary>
public sealed class TaskMeta
{
    /// <summary>No limits.</summary>
    public static TaskMeta Empty { get; } = new(IpldMap.Empty);

    /// <summary>Wraps a meta map as written in the workflow.</summary>
    public TaskMeta(IpldMap value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    /// <summary>The map exactly as written (hashed into the task CID).</summary>
    public IpldMap Value { get; }

    /// <summary>The time limit, from <c>time</c> in milliseconds; null when absent.</summary>
    public TimeSpan? Time => Number("time") is { } ms && ms > 0 ? TimeSpan.FromMilliseconds(Math.Min(ms, TimeSpan.MaxValue.TotalMilliseconds - 1)) : null;

    /// <summary>The fuel limit; a value above 2^64-1 (read as a float) means unbounded.</summary>
    public double? Fuel => Number("fuel");

    /// <summary>The memory limit in bytes.</summary>
    public double? Memory => Number("memory");

    /// <summary>Creates meta with the given limits.</summary>
    public static TaskMeta Create(TimeSpan? time = null, ulong? fuel = null, ulong? memory = null)
    {
        var entries = new List<KeyValuePair<string, IpldValue>>();
        if (fuel is { } f)
        {
            entries.Add(new("fuel", IpldInteger.From(f)));
        }

        if (memory is { } m)
        {
            entries.Add(new("memory", IpldInteger.From(m)));
        }

        if (time is { } t)
        {
            entries.Add(new("time", IpldInteger.From((long)t.TotalMilliseconds)));
        }

        return entries.Count == 0 ? Empty : new TaskMeta(IpldMap.Create(entries));
    }

    private double? Number(string key) => Value.GetValueOrDefault(key) switch
    {
        IpldInteger i => (double)i.Value,
        IpldFloat f => f.Value,
        _ => null,
    };
}
