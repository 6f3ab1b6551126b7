using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// Strict standard base64 for DAG-JSON bytes: padding optional but, when present, exact; no
/// whitespace or other characters; unused trailing bits zero, so each byte string has one text form
/// (with or without padding).
/// </summary>
internal static class DagJsonBase64
{
    private static readonly SearchValues<char> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    public static bool TryDecode(string text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        var body = text.AsSpan().TrimEnd('=');
        var padding = text.Length - body.Length;
        if (padding > 2 || (padding > 0 && text.Length % 4 != 0) || body.Length % 4 == 1 || body.ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        var padded = padding > 0 || body.Length % 4 == 0 ? text : string.Concat(body, new string('=', 4 - (body.Length % 4)));
        var decoded = Convert.FromBase64String(padded);
        if (!Convert.ToBase64String(decoded).AsSpan().TrimEnd('=').SequenceEqual(body))
        {
            return false; // non-zero unused bits: another text names the same bytes
        }

        bytes = decoded;
        return true;
    }
}
