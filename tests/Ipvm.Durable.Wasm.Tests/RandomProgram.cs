namespace Ipvm.Durable.Wasm.Tests;

/// <summary>
/// Generates random valid modules, type-directed: nested expressions with blocks, ifs, loops, branches that
/// carry values, selects, locals, memory, calls and conversions. Used to stress the compiler's handling of
/// the operand stack across control flow.
/// </summary>
internal sealed class RandomProgram(Random random)
{
    private static readonly byte[] Kinds = [WasmBinary.I32, WasmBinary.I64, WasmBinary.F32, WasmBinary.F64];
    private readonly List<byte> _code = [];
    private readonly List<(uint Index, byte[] Parameters, byte Result)> _callable = [];
    private byte[] _locals = [];
    private int _labels;
    private uint _pairType;

    public byte[] Build(int functions)
    {
        var binary = new WasmBinary();
        binary.Memory(1, 1);
        binary.Export("memory", 0x02, 0);
        _pairType = binary.Type([WasmBinary.I32], [WasmBinary.I32, WasmBinary.I64]);
        for (var f = 0; f < functions; f++)
        {
            var parameters = Enumerable.Range(0, random.Next(4)).Select(_ => Pick(Kinds)).ToArray();
            var result = Pick(Kinds);
            var locals = Enumerable.Range(0, random.Next(4)).Select(_ => Pick(Kinds)).ToArray();
            _locals = [.. parameters, .. locals];
            _code.Clear();
            _labels = 0;
            Expression(result, depth: 0);
            var type = binary.Type(parameters, [result]);
            var index = binary.Function(type, [.. _code], [.. locals.Select(l => (1, l))]);
            binary.ExportFunction($"f{f}", index);
            _callable.Add((index, parameters, result));
        }

        return binary.Build();
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private void Emit(params byte[] bytes) => _code.AddRange(bytes);

    /// <summary>Emits code leaving exactly one value of <paramref name="kind"/>.</summary>
    private void Expression(byte kind, int depth)
    {
        var choice = depth > 5 ? random.Next(2) : random.Next(16);
        switch (choice)
        {
            case 0: Constant(kind); break;
            case 1:
                var matching = Enumerable.Range(0, _locals.Length).Where(i => _locals[i] == kind).ToArray();
                if (matching.Length == 0)
                {
                    Constant(kind);
                }
                else
                {
                    Emit(0x20, (byte)Pick(matching));
                }

                break;
            case 2 or 3: Binary(kind, depth); break;
            case 4: Unary(kind, depth); break;
            case 5:
                _labels++;
                Emit(0x02, kind);
                Statement(depth + 1);
                Expression(kind, depth + 1);
                Expression(WasmBinary.I32, depth + 1);
                Emit(0x0D, 0x00);
                Emit(0x0B);
                _labels--;
                break;
            case 6:
                Expression(WasmBinary.I32, depth + 1);
                _labels++;
                Emit(0x04, kind);
                Expression(kind, depth + 1);
                Emit(0x05);
                Expression(kind, depth + 1);
                Emit(0x0B);
                _labels--;
                break;
            case 7:
                Expression(kind, depth + 1);
                Expression(kind, depth + 1);
                Expression(WasmBinary.I32, depth + 1);
                Emit(0x1B);
                break;
            case 8: Load(kind, depth); break;
            case 9:
                var callees = _callable.Where(c => c.Result == kind).ToArray();
                if (callees.Length == 0)
                {
                    Constant(kind);
                    break;
                }

                var callee = Pick(callees);
                foreach (var parameter in callee.Parameters)
                {
                    Expression(parameter, depth + 1);
                }

                Emit(0x10, (byte)callee.Index);
                break;
            case 10:
                // A loop that may spin until fuel runs out: loop (result t) statement; cond; br_if 0; value end
                _labels++;
                Emit(0x03, kind);
                Statement(depth + 1);
                Expression(WasmBinary.I32, depth + 1);
                Emit(0x0D, 0x00);
                Expression(kind, depth + 1);
                Emit(0x0B);
                _labels--;
                break;
            case 11:
                // block (result t) value; cond; if; unreachable/br out; end; end
                _labels++;
                Emit(0x02, kind);
                Expression(kind, depth + 1);
                Expression(WasmBinary.I32, depth + 1);
                Emit(0x04, 0x40);
                Expression(kind, depth + 1);
                Emit(0x0C, 0x01);
                Emit(0x0B);
                Emit(0x0B);
                _labels--;
                break;
            case 13:
                // A taken br_if drops a value below the one it carries.
                _labels++;
                Emit(0x02, kind);
                Expression(Pick(Kinds), depth + 1);
                Expression(kind, depth + 1);
                Expression(WasmBinary.I32, depth + 1);
                Emit(0x0D, 0x00, 0x1A, 0x1A);
                Expression(kind, depth + 1);
                Emit(0x0B);
                _labels--;
                break;
            case 14:
                // br_table to an inner or outer block, with an extra value underneath.
                _labels += 2;
                Emit(0x02, kind, 0x02, kind);
                Expression(Pick(Kinds), depth + 1);
                Expression(kind, depth + 1);
                Expression(WasmBinary.I32, depth + 1);
                Emit(0x0E, 0x02, 0x00, 0x01, 0x01, 0x0B, 0x0B);
                _labels -= 2;
                break;
            case 15 when kind == WasmBinary.I32:
                // A multi-value block with a parameter: [i32] -> [i32 i64], then wrap and add.
                Expression(WasmBinary.I32, depth + 1);
                _labels++;
                Emit([0x02, .. WasmBinary.Sleb(_pairType)]);
                Expression(WasmBinary.I64, depth + 1);
                Emit(0x0B, 0xA7, 0x6A);
                _labels--;
                break;
            default:
                Conversion(kind, depth);
                break;
        }
    }

    private void Statement(int depth)
    {
        switch (random.Next(4))
        {
            case 0 when _locals.Length > 0:
                var local = random.Next(_locals.Length);
                Expression(_locals[local], depth + 1);
                Emit(0x21, (byte)local);
                break;
            case 1:
                Address(depth);
                var kind = Pick(Kinds);
                Expression(kind, depth + 1);
                Emit(kind switch { WasmBinary.I32 => 0x36, WasmBinary.I64 => 0x37, WasmBinary.F32 => 0x38, _ => 0x39 }, 0x00, (byte)random.Next(8));
                break;
            case 2:
                Expression(Pick(Kinds), depth + 1);
                Emit(0x1A);
                break;
            default:
                Emit(0x01);
                break;
        }
    }

    private void Address(int depth)
    {
        Expression(WasmBinary.I32, depth + 1);
        Emit([0x41, .. WasmBinary.Sleb(0x1FFFF)]);
        Emit(0x71);
    }

    private void Load(byte kind, int depth)
    {
        Address(depth);
        Emit(kind switch { WasmBinary.I32 => 0x28, WasmBinary.I64 => 0x29, WasmBinary.F32 => 0x2A, _ => 0x2B }, 0x00, (byte)random.Next(8));
    }

    private void Constant(byte kind)
    {
        switch (kind)
        {
            case WasmBinary.I32: Emit([0x41, .. WasmBinary.Sleb(random.Next(-300, 300))]); break;
            case WasmBinary.I64: Emit([0x42, .. WasmBinary.Sleb(random.NextInt64(-1L << 40, 1L << 40))]); break;
            case WasmBinary.F32: Emit([0x43, .. BitConverter.GetBytes(random.Next(4) == 0 ? float.NaN : (float)(random.NextDouble() * 100 - 50))]); break;
            default: Emit([0x44, .. BitConverter.GetBytes(random.Next(4) == 0 ? -double.NaN : random.NextDouble() * 1e6 - 5e5)]); break;
        }
    }

    private void Binary(byte kind, int depth)
    {
        Expression(kind, depth + 1);
        Expression(kind, depth + 1);
        Emit(kind switch
        {
            WasmBinary.I32 => Pick<byte>([0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78]),
            WasmBinary.I64 => Pick<byte>([0x7C, 0x7D, 0x7E, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x86, 0x87, 0x88, 0x89, 0x8A]),
            WasmBinary.F32 => Pick<byte>([0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98]),
            _ => Pick<byte>([0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6]),
        });
    }

    private void Unary(byte kind, int depth)
    {
        Expression(kind, depth + 1);
        Emit(kind switch
        {
            WasmBinary.I32 => Pick<byte>([0x67, 0x68, 0x69, 0xC0, 0xC1]),
            WasmBinary.I64 => Pick<byte>([0x79, 0x7A, 0x7B, 0xC2, 0xC3, 0xC4]),
            WasmBinary.F32 => Pick<byte>([0x8B, 0x8C, 0x8D, 0x8E, 0x8F, 0x90, 0x91]),
            _ => Pick<byte>([0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F]),
        });
    }

    private void Conversion(byte kind, int depth)
    {
        (byte From, byte Op)[] options = kind switch
        {
            WasmBinary.I32 => [(WasmBinary.I64, 0xA7), (WasmBinary.F32, 0xA8), (WasmBinary.F64, 0xAB), (WasmBinary.F32, 0xBC), (WasmBinary.I64, 0x50), (WasmBinary.F64, 0x63)],
            WasmBinary.I64 => [(WasmBinary.I32, 0xAC), (WasmBinary.I32, 0xAD), (WasmBinary.F32, 0xAF), (WasmBinary.F64, 0xB0), (WasmBinary.F64, 0xBD)],
            WasmBinary.F32 => [(WasmBinary.I32, 0xB2), (WasmBinary.I64, 0xB5), (WasmBinary.F64, 0xB6), (WasmBinary.I32, 0xBE)],
            _ => [(WasmBinary.I32, 0xB8), (WasmBinary.I64, 0xB9), (WasmBinary.F32, 0xBB), (WasmBinary.I64, 0xBF)],
        };
        var (from, op) = Pick(options);
        if (op == 0x63)
        {
            Expression(from, depth + 1);
        }

        Expression(from, depth + 1);
        Emit(op);
    }
}
