using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// Reads one DAG-JSON value over <see cref="Utf8JsonReader"/>, which does the JSON grammar (no
/// comments, no trailing commas, strict numbers and escapes). Everything it throws becomes a
/// <see cref="DagJsonFormatException"/> with the byte offset. On top of JSON this adds the IPLD
/// rules: unique map keys, integers versus floats, links, bytes and the decode limits.
/// </summary>
internal ref partial struct DagJsonReader
{
    private const int LinearDuplicateScanLimit = 16;
    private readonly ReadOnlySpan<byte> _input;
    private readonly IpldDecodeLimits _limits;
    private Utf8JsonReader _json;

    public DagJsonReader(ReadOnlySpan<byte> utf8, IpldDecodeLimits? limits)
    {
        _limits = limits ?? IpldDecodeLimits.Default;
        if (utf8.Length > _limits.MaxInputBytes)
        {
            Throw(0, $"the input has {utf8.Length} bytes, more than the limit of {_limits.MaxInputBytes}");
        }

        _input = utf8;

        // Links and bytes nest up to two JSON objects below the deepest IPLD collection; our own
        // depth check, which counts only lists and maps, is the one that fires.
        var options = new JsonReaderOptions
        {
            MaxDepth = (int)Math.Clamp((long)_limits.MaxDepth + 2, 1, int.MaxValue),
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        };
        _json = new Utf8JsonReader(utf8, options);
    }

    /// <summary>Reads the one value the input holds and checks that only whitespace follows it.</summary>
    public IpldValue ReadSingleValue()
    {
        if (!TryRead())
        {
            Throw(0, "expected a value but the input is empty");
        }

        var value = ReadValue(0);
        if (TryRead())
        {
            Throw(_json.TokenStartIndex, "expected the end of the input after the value");
        }

        return value;
    }

    private IpldValue ReadValue(int depth)
    {
        switch (_json.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(depth);
            case JsonTokenType.StartArray:
                return ReadList(depth + 1);
            case JsonTokenType.String:
                return new IpldString(GetString());
            case JsonTokenType.Number:
                return ReadNumber();
            case JsonTokenType.True:
                return IpldBool.True;
            case JsonTokenType.False:
                return IpldBool.False;
            case JsonTokenType.Null:
                return IpldNull.Instance;
            default:
                Throw(_json.TokenStartIndex, $"expected a value but found {_json.TokenType}");
                return null;
        }
    }

    private IpldValue ReadObject(int depth)
    {
        var start = _json.TokenStartIndex;
        var checkpoint = _json;
        if (TryReadLinkOrBytes(out var special))
        {
            return special;
        }

        _json = checkpoint; // not a link or bytes: read it again as a plain map
        return ReadMap(depth + 1, start);
    }

    private IpldList ReadList(int depth)
    {
        var start = _json.TokenStartIndex;
        CheckDepth(depth, start);
        var items = new List<IpldValue>();
        while (true)
        {
            ReadToken();
            if (_json.TokenType == JsonTokenType.EndArray)
            {
                break;
            }

            if (items.Count == _limits.MaxCollectionLength)
            {
                Throw(start, $"a list of more than {_limits.MaxCollectionLength} items exceeds the limit");
            }

            items.Add(ReadValue(depth));
        }

        return IpldList.TakeOwnership([.. items]);
    }

    private IpldMap ReadMap(int depth, long start)
    {
        CheckDepth(depth, start);
        var entries = new List<KeyValuePair<string, IpldValue>>();
        HashSet<string>? seen = null;
        while (true)
        {
            ReadToken();
            if (_json.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var keyStart = _json.TokenStartIndex;
            var key = GetString();
            if (entries.Count == _limits.MaxCollectionLength)
            {
                Throw(start, $"a map of more than {_limits.MaxCollectionLength} entries exceeds the limit");
            }

            if (IsDuplicate(entries, ref seen, key))
            {
                Throw(keyStart, $"the map key '{key}' appears twice");
            }

            ReadToken();
            entries.Add(new(key, ReadValue(depth)));
        }

        var keys = new string[entries.Count];
        var values = new IpldValue[entries.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            (keys[i], values[i]) = (entries[i].Key, entries[i].Value);
        }

        Array.Sort(keys, values, MapKeyOrder.DagCbor);
        return IpldMap.TakeOwnershipOfCanonical(keys, values);
    }

    private static bool IsDuplicate(List<KeyValuePair<string, IpldValue>> entries, ref HashSet<string>? seen, string key)
    {
        if (seen is null && entries.Count >= LinearDuplicateScanLimit)
        {
            seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                seen.Add(entry.Key);
            }
        }

        if (seen is not null)
        {
            return !seen.Add(key);
        }

        foreach (var entry in entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private IpldValue ReadNumber()
    {
        var text = _json.ValueSpan;
        if (text.IndexOfAny(".eE"u8) < 0
            && Int128.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
            && integer >= IpldInteger.MinValue && integer <= IpldInteger.MaxValue)
        {
            return IpldInteger.From(integer);
        }

        // A float, or an integer beyond the CBOR range, which Homestar and libipld read as a float64.
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Throw(_json.TokenStartIndex, "the number is outside the float64 range (infinities are not allowed)");
        }

        return new IpldFloat(value);
    }

    private readonly void CheckDepth(int depth, long offset)
    {
        if (depth > _limits.MaxDepth)
        {
            Throw(offset, $"nesting deeper than the limit of {_limits.MaxDepth}");
        }
    }

    private string GetString()
    {
        try
        {
            return _json.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            Throw(_json.TokenStartIndex, "the string is not valid UTF-8 or escapes an unpaired surrogate");
            return "";
        }
    }

    // Reads the next token; the end of the input here means the value is incomplete.
    private void ReadToken()
    {
        if (!TryRead())
        {
            Throw(_input.Length, "unexpected end of input");
        }
    }

    private bool TryRead()
    {
        try
        {
            return _json.Read();
        }
        catch (JsonException e)
        {
            Throw(OffsetOf(e), ProblemOf(e));
            return false;
        }
    }

    private readonly long OffsetOf(JsonException e)
    {
        if (e.LineNumber is not { } line || e.BytePositionInLine is not { } column)
        {
            return _json.BytesConsumed;
        }

        long lineStart = 0;
        for (long i = 0; i < line; i++)
        {
            var next = _input[(int)lineStart..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            lineStart += next + 1;
        }

        return Math.Min(lineStart + column, _input.Length);
    }

    private static string ProblemOf(JsonException e)
    {
        var message = e.Message;
        var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (position >= 0 ? message[..position] : message).TrimEnd('.', ' ');
    }

    [DoesNotReturn]
    private static void Throw(long offset, string problem) => throw new DagJsonFormatException(offset, problem);
}
