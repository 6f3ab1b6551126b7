using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// An immutable value of the IPLD data model, with value equality. Subclasses exist for each
/// <see cref="IpldKind"/>; the typed accessors here throw <see cref="InvalidOperationException"/>
/// naming the expected and the actual kind.
/// </summary>
public abstract class IpldValue : IEquatable<IpldValue>
{
    private protected IpldValue()
    {
    }

    /// <summary>The kind of this value.</summary>
    public abstract IpldKind Kind { get; }

    /// <summary>The null value.</summary>
    public static IpldValue Null => IpldNull.Instance;

    /// <summary>Returns the boolean value.</summary>
    public bool AsBool() => As<IpldBool>(IpldKind.Bool).Value;

    /// <summary>Returns the integer as an <see cref="long"/>; throws if it is out of range.</summary>
    public long AsInt64() => As<IpldInteger>(IpldKind.Integer).ToInt64();

    /// <summary>Returns the float value.</summary>
    public double AsDouble() => As<IpldFloat>(IpldKind.Float).Value;

    /// <summary>Returns the string value.</summary>
    public string AsString() => As<IpldString>(IpldKind.String).Value;

    /// <summary>Returns the bytes.</summary>
    public ReadOnlyMemory<byte> AsBytes() => As<IpldBytes>(IpldKind.Bytes).Memory;

    /// <summary>Returns this value as a list.</summary>
    public IpldList AsList() => As<IpldList>(IpldKind.List);

    /// <summary>Returns this value as a map.</summary>
    public IpldMap AsMap() => As<IpldMap>(IpldKind.Map);

    /// <summary>Returns the linked CID.</summary>
    public Cid AsLink() => As<IpldLink>(IpldKind.Link).Cid;

    /// <inheritdoc />
    public abstract bool Equals([NotNullWhen(true)] IpldValue? other);

    /// <inheritdoc />
    public sealed override bool Equals(object? obj) => obj is IpldValue other && Equals(other);

    /// <inheritdoc />
    public abstract override int GetHashCode();

    /// <summary>Value equality.</summary>
    public static bool operator ==(IpldValue? left, IpldValue? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(IpldValue? left, IpldValue? right) => !(left == right);

    /// <summary>A string value.</summary>
    public static implicit operator IpldValue(string value) => new IpldString(value);

    /// <summary>An integer value.</summary>
    public static implicit operator IpldValue(long value) => IpldInteger.From(value);

    /// <summary>A float value.</summary>
    public static implicit operator IpldValue(double value) => new IpldFloat(value);

    /// <summary>A boolean value.</summary>
    public static implicit operator IpldValue(bool value) => IpldBool.From(value);

    /// <summary>A link value.</summary>
    public static implicit operator IpldValue(Cid value) => new IpldLink(value);

    /// <summary>Renders the value as DAG-JSON-like text for diagnostics.</summary>
    public override string ToString() => IpldDebugText.Format(this);

    private T As<T>(IpldKind expected)
        where T : IpldValue =>
        this as T ?? throw new InvalidOperationException($"Expected an IPLD {expected} but found {Kind}.");
}
