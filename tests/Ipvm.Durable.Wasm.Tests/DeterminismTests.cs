namespace Ipvm.Durable.Wasm.Tests;

/// <summary>
/// NaNs made by float arithmetic are canonical (0x7FC00000 / 0x7FF8000000000000) wherever their bits can be
/// seen, even though x64 produces a negative default NaN and propagates payloads.
/// </summary>
public sealed class DeterminismTests
{
    private const byte F32 = WasmBinary.F32, I32 = WasmBinary.I32, I64 = WasmBinary.I64;
    private static readonly byte[] ZeroF32 = [0x43, 0, 0, 0, 0];
    private static readonly byte[] InfinityF32 = [0x43, 0x00, 0x00, 0x80, 0x7F];

    private static Instance Build(Action<WasmBinary> define)
    {
        var binary = new WasmBinary();
        binary.Memory(1);
        define(binary);
        var engine = new Engine();
        return new Linker(engine).Instantiate(new Store(engine), Module.FromBytes(engine, binary.Build()));
    }

    [Fact]
    public void A_stored_nan_is_canonical()
    {
        var instance = Build(b => b.ExportFunction("f", b.Function(b.Type([], [I32]),
            [0x41, 0x00, .. ZeroF32, .. ZeroF32, 0x95, 0x38, 0x02, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00])));

        Assert.Equal(0x7FC00000, instance.GetFunction<int>("f")!());
    }

    [Fact]
    public void A_reinterpreted_nan_is_canonical_even_from_a_signaling_input()
    {
        byte[] signaling = [0x44, .. BitConverter.GetBytes(0x7FF4000000000001L)];
        byte[] one = [0x44, .. BitConverter.GetBytes(1.0)];
        var instance = Build(b => b.ExportFunction("f", b.Function(b.Type([], [I64]), [.. signaling, .. one, 0xA0, 0xBD])));

        Assert.Equal(0x7FF8000000000000L, instance.GetFunction<long>("f")!());
    }

    [Fact]
    public void A_nan_kept_in_a_local_is_canonical()
    {
        var instance = Build(b => b.ExportFunction("f", b.Function(b.Type([F32], [F32]),
            [0x20, 0x00, 0x91, 0x21, 0x01, 0x20, 0x01], (1, F32))));

        var result = instance.GetFunction("f")!.Call(Value.FromSingle(-1f))[0];

        Assert.Equal(0x7FC00000, (int)result.Bits);
    }

    [Fact]
    public void Neg_of_an_arithmetic_nan_flips_only_the_canonical_sign()
    {
        var instance = Build(b => b.ExportFunction("f", b.Function(b.Type([], [F32]), [.. ZeroF32, .. ZeroF32, 0x95, 0x8C])));

        Assert.Equal(unchecked((int)0xFFC00000), (int)instance.GetFunction("f")!.Call()[0].Bits);
    }

    [Fact]
    public void A_nan_passed_to_a_call_is_canonical()
    {
        var instance = Build(b =>
        {
            var identity = b.Function(b.Type([F32], [F32]), [0x20, 0x00]);
            b.ExportFunction("f", b.Function(b.Type([], [F32]), [.. InfinityF32, .. ZeroF32, 0x94, 0x10, (byte)identity]));
        });

        Assert.Equal(0x7FC00000, (int)instance.GetFunction("f")!.Call()[0].Bits);
    }

    [Fact]
    public void A_nan_carried_by_a_branch_is_canonical()
    {
        var instance = Build(b => b.ExportFunction("f", b.Function(b.Type([], [F32]),
            [0x02, F32, .. InfinityF32, .. ZeroF32, 0x94, 0x0C, 0x00, 0x0B])));

        Assert.Equal(0x7FC00000, (int)instance.GetFunction("f")!.Call()[0].Bits);
    }

    [Fact]
    public void Results_are_identical_across_engines_and_runs()
    {
        static long Run()
        {
            var instance = Build(b => b.ExportFunction("f", b.Function(b.Type([], [I32]),
                [0x41, 0x00, .. InfinityF32, .. ZeroF32, 0x94, 0x38, 0x02, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00])));
            return instance.GetFunction<int>("f")!();
        }

        Assert.Equal(Run(), Run());
        Assert.Equal(0x7FC00000, Run());
    }
}
