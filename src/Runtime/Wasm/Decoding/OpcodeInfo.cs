namespace Ipvm.Durable.Wasm.Decoding;

/// <summary>Static facts about opcodes shared by the validator and the compiler.</summary>
internal static class OpcodeInfo
{
    /// <summary>Marks a stack slot whose type is unconstrained (below a polymorphic stack).</summary>
    public const ValueKind Unknown = 0;

    /// <summary>The value type and access size (log2 bytes) of a load (0x28-0x35) or store (0x36-0x3E).</summary>
    public static (ValueKind Kind, int SizeLog2) MemoryAccess(byte opcode) => opcode switch
    {
        0x28 => (ValueKind.I32, 2),
        0x29 => (ValueKind.I64, 3),
        0x2A => (ValueKind.F32, 2),
        0x2B => (ValueKind.F64, 3),
        0x2C or 0x2D => (ValueKind.I32, 0),
        0x2E or 0x2F => (ValueKind.I32, 1),
        0x30 or 0x31 => (ValueKind.I64, 0),
        0x32 or 0x33 => (ValueKind.I64, 1),
        0x34 or 0x35 => (ValueKind.I64, 2),
        0x36 => (ValueKind.I32, 2),
        0x37 => (ValueKind.I64, 3),
        0x38 => (ValueKind.F32, 2),
        0x39 => (ValueKind.F64, 3),
        0x3A => (ValueKind.I32, 0),
        0x3B => (ValueKind.I32, 1),
        0x3C => (ValueKind.I64, 0),
        0x3D => (ValueKind.I64, 1),
        0x3E => (ValueKind.I64, 2),
        _ => throw new ArgumentOutOfRangeException(nameof(opcode)),
    };

    /// <summary>Operand and result types of the plain numeric operators 0x45-0xC4 (Second is Unknown for unary ones).</summary>
    public static (ValueKind First, ValueKind Second, ValueKind Result) Numeric(byte op)
    {
        const ValueKind I = ValueKind.I32, L = ValueKind.I64, F = ValueKind.F32, D = ValueKind.F64, N = Unknown;
        return op switch
        {
            0x45 => (I, N, I),
            >= 0x46 and <= 0x4F => (I, I, I),
            0x50 => (L, N, I),
            >= 0x51 and <= 0x5A => (L, L, I),
            >= 0x5B and <= 0x60 => (F, F, I),
            >= 0x61 and <= 0x66 => (D, D, I),
            >= 0x67 and <= 0x69 => (I, N, I),
            >= 0x6A and <= 0x78 => (I, I, I),
            >= 0x79 and <= 0x7B => (L, N, L),
            >= 0x7C and <= 0x8A => (L, L, L),
            >= 0x8B and <= 0x91 => (F, N, F),
            >= 0x92 and <= 0x98 => (F, F, F),
            >= 0x99 and <= 0x9F => (D, N, D),
            >= 0xA0 and <= 0xA6 => (D, D, D),
            0xA7 => (L, N, I),
            0xA8 or 0xA9 => (F, N, I),
            0xAA or 0xAB => (D, N, I),
            0xAC or 0xAD => (I, N, L),
            0xAE or 0xAF => (F, N, L),
            0xB0 or 0xB1 => (D, N, L),
            0xB2 or 0xB3 => (I, N, F),
            0xB4 or 0xB5 => (L, N, F),
            0xB6 => (D, N, F),
            0xB7 or 0xB8 => (I, N, D),
            0xB9 or 0xBA => (L, N, D),
            0xBB => (F, N, D),
            0xBC => (F, N, I),
            0xBD => (D, N, L),
            0xBE => (I, N, F),
            0xBF => (L, N, D),
            0xC0 or 0xC1 => (I, N, I),
            >= 0xC2 and <= 0xC4 => (L, N, L),
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
    }

    /// <summary>Operand and result type of the saturating truncations 0xFC 0-7.</summary>
    public static (ValueKind From, ValueKind To) SaturatingTruncation(uint sub) => sub switch
    {
        0 or 1 => (ValueKind.F32, ValueKind.I32),
        2 or 3 => (ValueKind.F64, ValueKind.I32),
        4 or 5 => (ValueKind.F32, ValueKind.I64),
        _ => (ValueKind.F64, ValueKind.I64),
    };

    /// <summary>The fuel cost of an operator: zero for pure control markers, like wasmtime.</summary>
    public static int FuelCost(byte opcode) => opcode is 0x00 or 0x01 or 0x02 or 0x03 or 0x05 or 0x0B or 0x0F or 0x1A ? 0 : 1;
}
