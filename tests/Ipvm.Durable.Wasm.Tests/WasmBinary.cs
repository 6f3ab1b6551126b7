namespace Ipvm.Durable.Wasm.Tests;

/// <summary>Assembles small test modules byte by byte (no text-format toolchain needed at test time).</summary>
internal sealed class WasmBinary
{
    private readonly List<byte[]> _types = [];
    private readonly List<byte[]> _imports = [];
    private readonly List<uint> _functions = [];
    private readonly List<byte[]> _bodies = [];
    private readonly List<byte[]> _exports = [];
    private byte[]? _memory;

    public const byte I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C;

    public uint Type(byte[] parameters, byte[] results)
    {
        _types.Add([0x60, .. Leb(parameters.Length), .. parameters, .. Leb(results.Length), .. results]);
        return (uint)_types.Count - 1;
    }

    public void ImportFunction(string module, string name, uint type) =>
        _imports.Add([.. Name(module), .. Name(name), 0x00, .. Leb(type)]);

    /// <summary>Adds a function; <paramref name="code"/> excludes the final end. Returns its index (after imports).</summary>
    public uint Function(uint type, byte[] code, params (int Count, byte Kind)[] locals)
    {
        _functions.Add(type);
        var localBytes = locals.SelectMany(l => (byte[])[.. Leb(l.Count), l.Kind]).ToArray();
        byte[] body = [.. Leb(locals.Length), .. localBytes, .. code, 0x0B];
        _bodies.Add([.. Leb(body.Length), .. body]);
        return (uint)(_imports.Count + _functions.Count - 1);
    }

    public void Memory(uint minimum, uint? maximum = null) =>
        _memory = maximum is { } max ? [0x01, .. Leb(minimum), .. Leb(max)] : [0x00, .. Leb(minimum)];

    public void Export(string name, byte kind, uint index) => _exports.Add([.. Name(name), kind, .. Leb(index)]);

    public void ExportFunction(string name, uint index) => Export(name, 0x00, index);

    public byte[] Build()
    {
        var bytes = new List<byte> { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00 };
        Section(bytes, 1, _types);
        Section(bytes, 2, _imports);
        Section(bytes, 3, _functions.Select(f => Leb(f)).ToList());
        if (_memory is not null)
        {
            Section(bytes, 5, [_memory]);
        }

        Section(bytes, 7, _exports);
        Section(bytes, 10, _bodies);
        return [.. bytes];
    }

    private static void Section(List<byte> bytes, byte id, List<byte[]> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        byte[] content = [.. Leb(items.Count), .. items.SelectMany(i => i)];
        bytes.Add(id);
        bytes.AddRange(Leb(content.Length));
        bytes.AddRange(content);
    }

    private static byte[] Name(string name)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(name);
        return [.. Leb(utf8.Length), .. utf8];
    }

    public static byte[] Leb(long value)
    {
        var result = new List<byte>();
        var v = (ulong)value;
        do
        {
            var b = (byte)(v & 0x7F);
            v >>= 7;
            result.Add(v != 0 ? (byte)(b | 0x80) : b);
        }
        while (v != 0);
        return [.. result];
    }

    /// <summary>Signed LEB128, for i32.const and i64.const immediates.</summary>
    public static byte[] Sleb(long value)
    {
        var result = new List<byte>();
        while (true)
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            var done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            result.Add(done ? b : (byte)(b | 0x80));
            if (done)
            {
                return [.. result];
            }
        }
    }
}
