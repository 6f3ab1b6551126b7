using System.Text;

namespace Ipvm.Durable.Tests.Wasm;

/// <summary>Hand-assembled modules for cases the C examples cannot show (no alloc, imports, bad declarations).</summary>
internal static class TinyModules
{
    private const byte I32 = 0x7F;

    /// <summary><c>pair(i32, i32) -> i32</c> returning its second argument; no memory, no alloc.</summary>
    public static byte[] PairWithoutAlloc => Module(
        Section(1, One([0x60, .. Vector(I32, I32), .. Vector(I32)])),
        Section(3, Vector(0)),
        Section(7, One([.. Name("pair"), 0x00, 0x00])),
        Section(10, One(Body(0x20, 0x01))));

    /// <summary>Imports <c>env.f</c>, which wasm/run does not provide.</summary>
    public static byte[] ImportsEnvF => Module(
        Section(1, One([0x60, .. Vector(), .. Vector()])),
        Section(2, One([.. Name("env"), .. Name("f"), 0x00, 0x00])));

    /// <summary><c>f() -> i32</c> declared as returning bytes, which needs an i64 result.</summary>
    public static byte[] DeclaresI32AsBytes => ConstantFunction("f=bytes\n");

    /// <summary>An <c>ipvm.results</c> line that is not <c>func=bytes</c> or <c>func=string</c>.</summary>
    public static byte[] DeclaresNonsense => ConstantFunction("f=banana\n");

    private static byte[] ConstantFunction(string declarations) => Module(
        Section(1, One([0x60, .. Vector(), .. Vector(I32)])),
        Section(3, Vector(0)),
        Section(7, One([.. Name("f"), 0x00, 0x00])),
        Section(10, One(Body(0x41, 0x07))),
        Section(0, [.. Name("ipvm.results"), .. Encoding.UTF8.GetBytes(declarations)]));

    private static byte[] Module(params byte[][] sections) => [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, .. sections.SelectMany(s => s)];

    private static byte[] Section(byte id, byte[] content) => [id, .. Leb(content.Length), .. content];

    /// <summary>A vector of single-byte items (value types, type indices).</summary>
    private static byte[] Vector(params byte[] items) => [(byte)items.Length, .. items];

    /// <summary>A vector of one item, already encoded.</summary>
    private static byte[] One(byte[] item) => [0x01, .. item];

    private static byte[] Name(string name) => [.. Leb(name.Length), .. Encoding.UTF8.GetBytes(name)];

    private static byte[] Body(params byte[] code)
    {
        byte[] body = [0x00, .. code, 0x0B];
        return [.. Leb(body.Length), .. body];
    }

    private static byte[] Leb(int value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }
}
