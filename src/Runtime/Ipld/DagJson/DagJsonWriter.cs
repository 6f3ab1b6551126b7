using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// Writes canonical DAG-JSON: no whitespace, map keys in UTF-8 byte order, links as
/// <c>{"/":"cid"}</c>, bytes as <c>{"/":{"bytes":"base64"}}</c> (standard alphabet, no padding),
/// non-ASCII text as raw UTF-8, and only the escapes JSON requires. A map that would read back as
/// a link or bytes (its only key <c>"/"</c> holding a string, or a map of only a string <c>"bytes"</c>)
/// has no DAG-JSON form and throws <see cref="IpldEncodingException"/>.
/// </summary>
public sealed class DagJsonWriter
{
    private readonly IBufferWriter<byte> _output;

    /// <summary>Creates a writer that appends to <paramref name="output"/>.</summary>
    public DagJsonWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Writes any IPLD value, recursively.</summary>
    public void WriteValue(IpldValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case IpldMap map:
                WriteMap(map);
                break;
            case IpldList list:
                WriteAscii("[");
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        WriteAscii(",");
                    }

                    WriteValue(list[i]);
                }

                WriteAscii("]");
                break;
            case IpldString s:
                WriteString(s.Value);
                break;
            case IpldInteger i:
                WriteAscii(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case IpldFloat f:
                WriteAscii(JsonNumberText.FormatFloat(f.Value));
                break;
            case IpldBytes b:
                WriteAscii("{\"/\":{\"bytes\":\"");
                WriteAscii(Convert.ToBase64String(b.Span).TrimEnd('='));
                WriteAscii("\"}}");
                break;
            case IpldLink l:
                WriteAscii("{\"/\":\"");
                WriteAscii(l.Cid.ToString());
                WriteAscii("\"}");
                break;
            case IpldBool b:
                WriteAscii(b.Value ? "true" : "false");
                break;
            default:
                WriteAscii("null");
                break;
        }
    }

    private void WriteMap(IpldMap map)
    {
        if (ReadsBackAsLinkOrBytes(map))
        {
            throw new IpldEncodingException(
                "DAG-JSON cannot encode a map whose only key is \"/\" with a string value, or with a map of only a string \"bytes\": it would read back as a link or bytes.");
        }

        var entries = map.Entries.ToArray();
        Array.Sort(entries, static (a, b) => MapKeyOrder.CompareCodePoints(a.Key, b.Key));
        WriteAscii("{");
        for (var i = 0; i < entries.Length; i++)
        {
            if (i > 0)
            {
                WriteAscii(",");
            }

            WriteString(entries[i].Key);
            WriteAscii(":");
            WriteValue(entries[i].Value);
        }

        WriteAscii("}");
    }

    // {"/": "..."} and {"/": {"bytes": "..."}} are the reserved forms the reader turns into links and bytes.
    private static bool ReadsBackAsLinkOrBytes(IpldMap map) =>
        map.Count == 1
        && map.TryGetValue("/", out var inner)
        && (inner is IpldString || (inner is IpldMap { Count: 1 } bytes && bytes.GetValueOrDefault("bytes") is IpldString));

    private void WriteString(string value)
    {
        WriteAscii("\"");
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => null,
            };
            if (escape is not null)
            {
                WriteUtf8(value.AsSpan(start, i - start));
                WriteAscii(escape);
                start = i + 1;
            }
        }

        WriteUtf8(value.AsSpan(start));
        WriteAscii("\"");
    }

    private void WriteUtf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        int byteCount;
        try
        {
            byteCount = DagCborWriter.StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            throw new IpldEncodingException("An IPLD string must be valid Unicode; this one has a lone surrogate.");
        }

        var span = _output.GetSpan(byteCount);
        DagCborWriter.StrictUtf8.GetBytes(text, span);
        _output.Advance(byteCount);
    }

    private void WriteAscii(string text)
    {
        var span = _output.GetSpan(text.Length);
        var status = Ascii.FromUtf16(text, span, out var written);
        System.Diagnostics.Debug.Assert(status == OperationStatus.Done, "only ASCII is passed here");
        _output.Advance(written);
    }
}
