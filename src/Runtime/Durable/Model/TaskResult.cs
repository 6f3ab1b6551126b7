using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>A task's result: a success value or an error value, as a receipt's <c>out</c> carries it.</summary>
public sealed class TaskResult : IEquatable<TaskResult>
{
    private TaskResult(bool isOk, IpldValue value)
    {
        IsOk = isOk;
        Value = value;
    }

    /// <summary>True for success.</summary>
    public bool IsOk { get; }

    /// <summary>The success value, or the error value when <see cref="IsOk"/> is false.</summary>
    public IpldValue Value { get; }

    /// <summary>A success.</summary>
    public static TaskResult Ok(IpldValue value) => new(true, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>A failure carrying <paramref name="error"/>.</summary>
    public static TaskResult Error(IpldValue error) => new(false, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>A failure with a message (and optionally the CID of the task that caused it).</summary>
    public static TaskResult Error(string message, Cid? cause = null) => new(
        false,
        cause is null
            ? IpldMap.Create(("message", message))
            : IpldMap.Create(("message", message), ("cause", new IpldLink(cause))));

    /// <summary>The IPLD form written into receipts: <c>{"ok": v}</c> or <c>{"error": e}</c>.</summary>
    public IpldMap ToIpld() => IpldMap.Create((IsOk ? "ok" : "error", Value));

    /// <summary>
    /// Reads <c>{"ok": v}</c> / <c>{"error": e}</c>, or Homestar's list form <c>["ok", v]</c> / <c>["error", e]</c>.
    /// </summary>
    public static bool TryRead(IpldValue value, out TaskResult? result)
    {
        result = value switch
        {
            IpldMap { Count: 1 } map when map.TryGetValue("ok", out var ok) => Ok(ok),
            IpldMap { Count: 1 } map when map.TryGetValue("error", out var error) => Error(error),
            IpldList { Count: 2 } list when list[0] is IpldString { Value: "ok" } => Ok(list[1]),
            IpldList { Count: 2 } list when list[0] is IpldString { Value: "error" } => Error(list[1]),
            _ => null,
        };
        return result is not null;
    }

    /// <summary>A short message for an error value: its <c>message</c> field, its text, or its DAG-JSON.</summary>
    public string Describe() => Value switch
    {
        IpldMap map when map.GetValueOrDefault("message") is IpldString s => s.Value,
        IpldString s => s.Value,
        _ => Value.ToString(),
    };

    /// <inheritdoc />
    public bool Equals(TaskResult? other) => other is not null && other.IsOk == IsOk && other.Value.Equals(Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TaskResult other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IsOk, Value);

    /// <inheritdoc />
    public override string ToString() => (IsOk ? "ok " : "error ") + Value;
}
