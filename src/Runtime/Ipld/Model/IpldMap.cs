using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// An immutable IPLD map with string keys. Entries are kept in DAG-CBOR canonical order (UTF-8
/// length, then bytes), the order that is hashed; keys are unique.
/// </summary>
public sealed class IpldMap : IpldValue, IReadOnlyDictionary<string, IpldValue>
{
    private const int LinearLookupLimit = 8;
    private static readonly IpldMap EmptyInstance = new([], []);
    private readonly string[] _keys;
    private readonly IpldValue[] _values;

    private IpldMap(string[] keys, IpldValue[] values)
    {
        _keys = keys;
        _values = values;
    }

    /// <summary>The empty map.</summary>
    public static IpldMap Empty => EmptyInstance;

    /// <inheritdoc />
    public override IpldKind Kind => IpldKind.Map;

    /// <inheritdoc />
    public int Count => _keys.Length;

    /// <summary>The entries in canonical DAG-CBOR order.</summary>
    public IpldMapEntries Entries => new(_keys, _values);

    /// <inheritdoc />
    public IEnumerable<string> Keys => _keys;

    /// <inheritdoc />
    public IEnumerable<IpldValue> Values => _values;

    /// <inheritdoc />
    public IpldValue this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The IPLD map has no key '{key}'.");

    /// <summary>Creates a map; throws <see cref="ArgumentException"/> on a duplicate key.</summary>
    public static IpldMap Create(IEnumerable<KeyValuePair<string, IpldValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var array = entries.ToArray();
        foreach (var (key, value) in array)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(entries));
            ArgumentNullException.ThrowIfNull(value, nameof(entries));
        }

        Array.Sort(array, static (a, b) => MapKeyOrder.CompareDagCbor(a.Key, b.Key));
        for (var i = 1; i < array.Length; i++)
        {
            if (string.Equals(array[i - 1].Key, array[i].Key, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The IPLD map has the key '{array[i].Key}' twice.", nameof(entries));
            }
        }

        return array.Length == 0 ? EmptyInstance : new IpldMap([.. array.Select(static e => e.Key)], [.. array.Select(static e => e.Value)]);
    }

    /// <summary>Creates a map from key and value pairs; throws on a duplicate key.</summary>
    public static IpldMap Create(params ReadOnlySpan<(string Key, IpldValue Value)> entries)
    {
        var pairs = new KeyValuePair<string, IpldValue>[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            pairs[i] = new(entries[i].Key, entries[i].Value);
        }

        return Create(pairs);
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out IpldValue value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _values[index] : null;
        return index >= 0;
    }

    /// <summary>Returns the value at <paramref name="key"/>, or null when absent.</summary>
    public IpldValue? GetValueOrDefault(string key) => TryGetValue(key, out var value) ? value : null;

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] IpldValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is not IpldMap map || map._keys.Length != _keys.Length)
        {
            return false;
        }

        for (var i = 0; i < _keys.Length; i++)
        {
            if (!string.Equals(_keys[i], map._keys[i], StringComparison.Ordinal)
                || !_values[i].Equals(map._values[i]))
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
        for (var i = 0; i < _keys.Length; i++)
        {
            hash.Add(_keys[i], StringComparer.Ordinal);
            hash.Add(_values[i].GetHashCode());
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, IpldValue>> GetEnumerator() => Entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Wraps entries a decoder has already checked to be in canonical order and unique.</summary>
    internal static IpldMap TakeOwnershipOfCanonical(string[] keys, IpldValue[] values) =>
        keys.Length == 0 ? EmptyInstance : new IpldMap(keys, values);

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_keys.Length <= LinearLookupLimit)
        {
            for (var i = 0; i < _keys.Length; i++)
            {
                if (string.Equals(_keys[i], key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        int low = 0, high = _keys.Length - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) >> 1);
            var order = MapKeyOrder.CompareDagCbor(_keys[mid], key);
            if (order == 0)
            {
                return mid;
            }

            if (order < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return -1;
    }
}
