using System.Collections;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// A map's entries in DAG-CBOR order, read from its separate key and value arrays. Two arrays of references, not
/// one of pairs: each is half the size, so maps of up to about 10,000 entries stay out of the large object heap,
/// whose collections otherwise dominate decoding big maps.
/// </summary>
public readonly struct IpldMapEntries : IReadOnlyList<KeyValuePair<string, IpldValue>>
{
    private readonly string[] _keys;
    private readonly IpldValue[] _values;

    internal IpldMapEntries(string[] keys, IpldValue[] values)
    {
        _keys = keys;
        _values = values;
    }

    /// <summary>The number of entries.</summary>
    public int Length => _keys.Length;

    /// <inheritdoc />
    public int Count => _keys.Length;

    /// <summary>The keys, in order.</summary>
    public ReadOnlySpan<string> Keys => _keys;

    /// <summary>The values, in key order.</summary>
    public ReadOnlySpan<IpldValue> Values => _values;

    /// <inheritdoc />
    public KeyValuePair<string, IpldValue> this[int index] => new(_keys[index], _values[index]);

    /// <summary>The entries as a new array.</summary>
    public KeyValuePair<string, IpldValue>[] ToArray()
    {
        var array = new KeyValuePair<string, IpldValue>[_keys.Length];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = this[i];
        }

        return array;
    }

    /// <summary>Enumerates without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, IpldValue>> IEnumerable<KeyValuePair<string, IpldValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The enumerator of <see cref="IpldMapEntries"/>.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, IpldValue>>
    {
        private readonly IpldMapEntries _entries;
        private int _index;

        internal Enumerator(IpldMapEntries entries)
        {
            _entries = entries;
            _index = -1;
        }

        /// <inheritdoc />
        public readonly KeyValuePair<string, IpldValue> Current => _entries[_index];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext() => ++_index < _entries.Length;

        /// <inheritdoc />
        public void Reset() => _index = -1;

        /// <inheritdoc />
        public readonly void Dispose()
        {
        }
    }
}
