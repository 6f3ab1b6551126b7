using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Ipld;

/// <summary>An immutable IPLD list.</summary>
public sealed class IpldList : IpldValue, IReadOnlyList<IpldValue>
{
    private static readonly IpldList EmptyInstance = new([]);
    private readonly IpldValue[] _items;

    private IpldList(IpldValue[] items) => _items = items;

    /// <summary>The empty list.</summary>
    public static IpldList Empty => EmptyInstance;

    /// <inheritdoc />
    public override IpldKind Kind => IpldKind.List;

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <summary>The items.</summary>
    public ReadOnlySpan<IpldValue> Items => _items;

    /// <inheritdoc />
    public IpldValue this[int index] => _items[index];

    /// <summary>Creates a list from a copy of <paramref name="items"/>.</summary>
    public static IpldList Create(params ReadOnlySpan<IpldValue> items)
    {
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
        }

        return items.Length == 0 ? EmptyInstance : new IpldList(items.ToArray());
    }

    /// <summary>Creates a list from <paramref name="items"/>.</summary>
    public static IpldList Create(IEnumerable<IpldValue> items) => Create([.. items]);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] IpldValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is not IpldList list || list._items.Length != _items.Length)
        {
            return false;
        }

        for (var i = 0; i < _items.Length; i++)
        {
            if (!_items[i].Equals(list._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_items.Length);
        foreach (var item in _items)
        {
            hash.Add(item.GetHashCode());
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public IEnumerator<IpldValue> GetEnumerator() => ((IEnumerable<IpldValue>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Wraps an array the caller gives up; used by decoders that just allocated it.</summary>
    internal static IpldList TakeOwnership(IpldValue[] items) => items.Length == 0 ? EmptyInstance : new IpldList(items);
}
