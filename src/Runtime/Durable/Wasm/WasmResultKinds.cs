using System.Collections.Frozen;
using System.Text;

namespace Ipvm.Durable;

/// <summary>What an export's i64 result means when it packs (ptr, len): bytes or a UTF-8 string.</summary>
internal enum WasmResultKind
{
    Bytes,
    String,
}

/// <summary>
/// The module's declarations of exports that return bytes or strings: lines <c>func=bytes</c> or
/// <c>func=string</c> in custom sections named <c>ipvm.results</c> (several are concatenated).
/// </summary>
internal static class WasmResultKinds
{
    public const string SectionName = "ipvm.results";

    public static FrozenDictionary<string, WasmResultKind> Read(byte[] module)
    {
        var kinds = new Dictionary<string, WasmResultKind>(StringComparer.Ordinal);
        foreach (var section in CustomSections(module, SectionName))
        {
            var text = Encoding.UTF8.GetString(section.Span);
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                var equals = line.IndexOf('=', StringComparison.Ordinal);
                kinds[equals > 0 ? line[..equals] : line] = (equals > 0 ? line[(equals + 1)..] : "") switch
                {
                    "bytes" => WasmResultKind.Bytes,
                    "string" => WasmResultKind.String,
                    _ => throw new WasmTaskException($"custom section {SectionName}: '{line}' is not 'func=bytes' or 'func=string'"),
                };
            }
        }

        return kinds.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The contents of every custom section called <paramref name="name"/>, in order (the module is already decoded, so well formed).</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> CustomSections(byte[] module, string name)
    {
        var position = 8; // magic and version
        while (position < module.Length)
        {
            var id = module[position++];
            var size = (int)ReadU32(module, ref position);
            var end = position + size;
            if (id == 0)
            {
                var nameLength = (int)ReadU32(module, ref position);
                if (Encoding.UTF8.GetString(module, position, nameLength) == name)
                {
                    yield return module.AsMemory((position + nameLength)..end);
                }
            }

            position = end;
        }
    }

    private static uint ReadU32(byte[] bytes, ref int position)
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = bytes[position++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        return value;
    }
}
