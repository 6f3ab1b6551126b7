namespace Ipvm.Durable.Wasm.Tests;

/// <summary>The public surface a host uses: typed calls, host imports, memory access, caching and errors.</summary>
public sealed class EngineApiTests
{
    private const byte I32 = WasmBinary.I32;

    private static Instance Instantiate(byte[] bytes, Linker? linker = null, Engine? engine = null)
    {
        engine ??= linker?.Engine ?? new Engine();
        return (linker ?? new Linker(engine)).Instantiate(new Store(engine), Module.FromBytes(engine, bytes));
    }

    [Fact]
    public void Typed_function_adds_two_numbers()
    {
        var binary = new WasmBinary();
        var type = binary.Type([I32, I32], [I32]);
        binary.ExportFunction("add", binary.Function(type, [0x20, 0x00, 0x20, 0x01, 0x6A]));

        var add = Instantiate(binary.Build()).GetFunction<int, int, int>("add")!;

        Assert.Equal(42, add(40, 2));
        Assert.Equal(int.MinValue, add(int.MaxValue, 1));
    }

    [Fact]
    public void Typed_lookup_of_another_signature_returns_null()
    {
        var binary = new WasmBinary();
        var type = binary.Type([I32, I32], [I32]);
        binary.ExportFunction("add", binary.Function(type, [0x20, 0x00, 0x20, 0x01, 0x6A]));

        Assert.Null(Instantiate(binary.Build()).GetFunction<long, long>("add"));
    }

    [Fact]
    public void Guest_calls_a_host_function_defined_in_the_linker()
    {
        var binary = new WasmBinary();
        var hostType = binary.Type([I32], [I32]);
        binary.ImportFunction("env", "triple", hostType);
        // call the import with (argument + 1)
        binary.ExportFunction("run", binary.Function(hostType, [0x20, 0x00, 0x41, 0x01, 0x6A, 0x10, 0x00]));
        var linker = new Linker(new Engine());
        linker.DefineFunction("env", "triple", (Func<int, int>)(x => x * 3));

        var run = Instantiate(binary.Build(), linker).GetFunction<int, int>("run")!;

        Assert.Equal(33, run(10));
    }

    [Fact]
    public void Missing_import_names_module_and_item()
    {
        var binary = new WasmBinary();
        var type = binary.Type([], []);
        binary.ImportFunction("env", "absent", type);

        var error = Assert.Throws<WasmLinkException>(() => Instantiate(binary.Build()));

        Assert.Equal("env", error.ModuleName);
        Assert.Equal("absent", error.ImportName);
    }

    [Fact]
    public void Multi_value_results_come_back_in_order()
    {
        var binary = new WasmBinary();
        var type = binary.Type([I32, I32], [I32, I32]);
        binary.ExportFunction("swap", binary.Function(type, [0x20, 0x01, 0x20, 0x00]));

        var results = Instantiate(binary.Build()).GetFunction("swap")!.Call(Value.FromInt32(1), Value.FromInt32(2));

        Assert.Equal([2, 1], results.Select(r => r.AsInt32()));
    }

    [Fact]
    public void Host_writes_memory_through_alloc_and_guest_reads_it()
    {
        var binary = new WasmBinary();
        binary.Memory(1);
        binary.Export("memory", 0x02, 0);
        var allocType = binary.Type([I32], [I32]);
        var loadType = binary.Type([I32], [I32]);
        binary.ExportFunction("alloc", binary.Function(allocType, [0x41, .. WasmBinary.Sleb(1024)]));
        // i32.load offset=0 align=2 (local 0)
        binary.ExportFunction("load", binary.Function(loadType, [0x20, 0x00, 0x28, 0x02, 0x00]));
        var instance = Instantiate(binary.Build());

        var pointer = instance.GetFunction<int, int>("alloc")!(4);
        instance.GetMemory("memory")!.Write(pointer, 0x01020304);

        Assert.Equal(0x01020304, instance.GetFunction<int, int>("load")!(pointer));
        Assert.Equal(0x04, instance.GetMemory("memory")!.Span[pointer]);
    }

    [Fact]
    public void Out_of_bounds_load_traps()
    {
        var binary = new WasmBinary();
        binary.Memory(1);
        var type = binary.Type([I32], [I32]);
        binary.ExportFunction("load", binary.Function(type, [0x20, 0x00, 0x28, 0x02, 0x00]));
        var load = Instantiate(binary.Build()).GetFunction("load")!;

        Assert.Equal(0, load.Call(Value.FromInt32(Memory.PageSize - 4))[0].AsInt32());
        var trap = Assert.Throws<WasmTrapException>(() => load.Call(Value.FromInt32(Memory.PageSize - 3)));
        Assert.Equal(TrapCode.MemoryOutOfBounds, trap.Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<WasmTrapException>(() => load.Call(Value.FromInt32(-1))).Code);
    }

    [Fact]
    public void Division_by_zero_and_overflow_trap_with_their_codes()
    {
        var binary = new WasmBinary();
        var type = binary.Type([I32, I32], [I32]);
        binary.ExportFunction("div", binary.Function(type, [0x20, 0x00, 0x20, 0x01, 0x6D]));
        var div = Instantiate(binary.Build()).GetFunction("div")!;

        Assert.Equal(TrapCode.IntegerDivisionByZero, Assert.Throws<WasmTrapException>(() => div.Call(Value.FromInt32(1), Value.FromInt32(0))).Code);
        Assert.Equal(TrapCode.IntegerOverflow, Assert.Throws<WasmTrapException>(() => div.Call(Value.FromInt32(int.MinValue), Value.FromInt32(-1))).Code);
    }

    [Fact]
    public void Float_arithmetic_returns_the_canonical_nan_and_neg_keeps_payloads()
    {
        var binary = new WasmBinary();
        var binaryType = binary.Type([WasmBinary.F32, WasmBinary.F32], [WasmBinary.F32]);
        var unaryType = binary.Type([WasmBinary.F32], [WasmBinary.F32]);
        binary.ExportFunction("div", binary.Function(binaryType, [0x20, 0x00, 0x20, 0x01, 0x95]));
        binary.ExportFunction("neg", binary.Function(unaryType, [0x20, 0x00, 0x8C]));
        var instance = Instantiate(binary.Build());

        var quotient = instance.GetFunction("div")!.Call(Value.FromSingle(0f), Value.FromSingle(0f))[0];
        var negated = instance.GetFunction("neg")!.Call(Value.FromSingleBits(0x7FA00001))[0];

        Assert.Equal(0x7FC00000, (int)quotient.Bits);
        Assert.Equal(unchecked((int)0xFFA00001), (int)negated.Bits);
    }

    [Fact]
    public void Same_bytes_compile_once()
    {
        var binary = new WasmBinary();
        binary.ExportFunction("nop", binary.Function(binary.Type([], []), []));
        var bytes = binary.Build();
        var engine = new Engine();

        var first = Module.FromBytes(engine, bytes);
        var second = Module.FromBytes(engine, [.. bytes]);

        Assert.Same(first, second);
        Assert.Equal(1, engine.CachedModuleCount);
    }

    [Fact]
    public void Decode_errors_carry_the_byte_offset()
    {
        var error = Assert.Throws<WasmDecodeException>(() => Module.Validate([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00]));

        Assert.Equal(4, error.Offset);
        Assert.Contains("version", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_errors_name_the_function_and_what_was_expected()
    {
        var binary = new WasmBinary();
        var type = binary.Type([], [I32]);
        binary.Function(type, [0x41, 0x01]);
        binary.Function(type, [0x41, 0x01, 0x6A]);

        var error = Assert.Throws<WasmValidationException>(() => Module.Validate(binary.Build()));

        Assert.Equal(1, error.FunctionIndex);
        Assert.Contains("type mismatch", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreachable_code_after_br_validates_with_a_polymorphic_stack()
    {
        var binary = new WasmBinary();
        var type = binary.Type([], [I32]);
        // block (result i32) i32.const 7 br 0 i32.add end: the add sees only unknown operands.
        binary.ExportFunction("f", binary.Function(type, [0x02, I32, 0x41, 0x07, 0x0C, 0x00, 0x6A, 0x0B]));

        Assert.Equal(7, Instantiate(binary.Build()).GetFunction<int>("f")!());
    }

    [Fact]
    public void Stores_on_different_threads_share_one_engine_and_module()
    {
        var binary = new WasmBinary();
        var type = binary.Type([I32], [I32]);
        // countdown(n) = n == 0 ? 0 : countdown(n - 1) + 1
        binary.ExportFunction("countdown", binary.Function(type,
            [0x20, 0x00, 0x45, 0x04, 0x7F, 0x41, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x10, 0x00, 0x41, 0x01, 0x6A, 0x0B]));
        var engine = new Engine();
        var bytes = binary.Build();

        var results = Enumerable.Range(0, 8).AsParallel().Select(i =>
        {
            var instance = new Linker(engine).Instantiate(new Store(engine), Module.FromBytes(engine, bytes));
            return instance.GetFunction<int, int>("countdown")!(100 + i);
        }).ToArray();

        Assert.Equal(Enumerable.Range(100, 8), results.Order());
        Assert.Equal(1, engine.CachedModuleCount);
    }

    [Fact]
    public void The_module_cache_is_bounded()
    {
        var engine = new Engine(new Config { MaxCachedModules = 3 });
        for (var i = 0; i < 10; i++)
        {
            var binary = new WasmBinary();
            binary.ExportFunction("f", binary.Function(binary.Type([], [I32]), [0x41, .. WasmBinary.Sleb(i)]));
            Assert.Equal(i, new Linker(engine).Instantiate(new Store(engine), Module.FromBytes(engine, binary.Build())).GetFunction<int>("f")!());
        }

        Assert.Equal(3, engine.CachedModuleCount);
    }
}
