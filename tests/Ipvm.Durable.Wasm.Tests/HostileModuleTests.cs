namespace Ipvm.Durable.Wasm.Tests;

/// <summary>Modules that try to run forever, recurse without end or take all memory are stopped deterministically.</summary>
public sealed class HostileModuleTests
{
    private static byte[] InfiniteLoop()
    {
        var binary = new WasmBinary();
        var type = binary.Type([], []);
        // loop br 0 end
        binary.ExportFunction("spin", binary.Function(type, [0x03, 0x40, 0x0C, 0x00, 0x0B]));
        return binary.Build();
    }

    private static byte[] EndlessRecursion()
    {
        var binary = new WasmBinary();
        var type = binary.Type([WasmBinary.I32], [WasmBinary.I32]);
        // local.get 0, i32.const 1, i32.add, call 0 (itself), i32.const 1, i32.add
        binary.ExportFunction("recurse", binary.Function(type, [0x20, 0x00, 0x41, 0x01, 0x6A, 0x10, 0x00, 0x41, 0x01, 0x6A]));
        return binary.Build();
    }

    private static byte[] Grower()
    {
        var binary = new WasmBinary();
        binary.Memory(1);
        binary.Export("memory", 0x02, 0);
        var type = binary.Type([WasmBinary.I32], [WasmBinary.I32]);
        // local.get 0, memory.grow 0
        binary.ExportFunction("grow", binary.Function(type, [0x20, 0x00, 0x40, 0x00]));
        return binary.Build();
    }

    [Fact]
    public void Infinite_loop_runs_out_of_fuel()
    {
        var engine = new Engine(new Config { ConsumeFuel = true });
        var store = new Store(engine) { Fuel = 1_000_000 };
        var instance = new Linker(engine).Instantiate(store, Module.FromBytes(engine, InfiniteLoop()));

        var trap = Assert.Throws<WasmTrapException>(() => instance.GetFunction("spin")!.Call());

        Assert.Equal(TrapCode.OutOfFuel, trap.Code);
        Assert.Equal(0, store.Fuel);
    }

    [Fact]
    public void Fuel_is_charged_per_operator_exactly()
    {
        var binary = new WasmBinary();
        var type = binary.Type([WasmBinary.I32], []);
        // loop: local.get 0, i32.const 1, i32.sub, local.tee 0, br_if 0: five charged operators per iteration.
        binary.ExportFunction("count", binary.Function(type, [0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00, 0x0D, 0x00, 0x0B]));
        var engine = new Engine(new Config { ConsumeFuel = true });
        var store = new Store(engine) { Fuel = 1_000_000 };
        var count = new Linker(engine).Instantiate(store, Module.FromBytes(engine, binary.Build())).GetAction<int>("count")!;

        count(1000);

        Assert.Equal(1_000_000 - (5 * 1000), store.Fuel);
    }

    [Fact]
    public void Fuel_is_exact_over_millions_of_operators()
    {
        var binary = new WasmBinary();
        var type = binary.Type([WasmBinary.I32], []);
        binary.ExportFunction("count", binary.Function(type, [0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00, 0x0D, 0x00, 0x0B]));
        var engine = new Engine(new Config { ConsumeFuel = true });
        var store = new Store(engine) { Fuel = 10_000_000 };
        var count = new Linker(engine).Instantiate(store, Module.FromBytes(engine, binary.Build())).GetFunction("count")!;

        // 5 per iteration.
        count.Call(Value.FromInt32(1_500_000));
        Assert.Equal(10_000_000 - 7_500_000, store.Fuel);

        // 499,999 full iterations fit; the last may overdraw.
        store.Fuel = 2_499_995;
        count.Call(Value.FromInt32(500_000));
        store.Fuel = 2_499_994;
        Assert.Equal(TrapCode.OutOfFuel, Assert.Throws<WasmTrapException>(() => count.Call(Value.FromInt32(500_000))).Code);
        Assert.Equal(0, store.Fuel);
    }

    [Fact]
    public void Out_of_fuel_is_checked_at_loop_headers_after_the_last_full_iteration()
    {
        var binary = new WasmBinary();
        var type = binary.Type([WasmBinary.I32], []);
        binary.ExportFunction("count", binary.Function(type, [0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00, 0x0D, 0x00, 0x0B]));
        var engine = new Engine(new Config { ConsumeFuel = true });
        var store = new Store(engine);
        var count = new Linker(engine).Instantiate(store, Module.FromBytes(engine, binary.Build())).GetFunction("count")!;

        // 999 iterations leave 4995 charged before the 1000th loop header checks; the last iteration may overdraw.
        store.Fuel = 4995;
        count.Call(Value.FromInt32(1000));
        store.Fuel = 4994;
        var trap = Assert.Throws<WasmTrapException>(() => count.Call(Value.FromInt32(1000)));

        Assert.Equal(TrapCode.OutOfFuel, trap.Code);
        Assert.Equal(0, store.Fuel);
    }

    [Fact]
    public void Unbounded_recursion_exhausts_the_call_stack()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var instance = new Linker(engine).Instantiate(store, Module.FromBytes(engine, EndlessRecursion()));

        var trap = Assert.Throws<WasmTrapException>(() => instance.GetFunction("recurse")!.Call(Value.FromInt32(0)));

        Assert.Equal(TrapCode.CallStackExhausted, trap.Code);
    }

    [Fact]
    public void Unbounded_recursion_on_a_256_KiB_thread_traps_instead_of_overflowing()
    {
        // A depth limit far beyond what 256 KiB can hold: only the stack guard can stop this recursion.
        var engine = new Engine(new Config { MaxCallDepth = 100_000_000 });
        var store = new Store(engine);
        var instance = new Linker(engine).Instantiate(store, Module.FromBytes(engine, EndlessRecursion()));
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            try
            {
                instance.GetFunction("recurse")!.Call(Value.FromInt32(0));
            }
            catch (Exception e)
            {
                caught = e;
            }
        }, maxStackSize: 256 * 1024);

        thread.Start();
        thread.Join();

        var trap = Assert.IsType<WasmTrapException>(caught);
        Assert.Equal(TrapCode.CallStackExhausted, trap.Code);
    }

    [Fact]
    public void The_depth_limit_is_exact_and_the_store_stays_usable_after_it()
    {
        var binary = new WasmBinary();
        var type = binary.Type([WasmBinary.I32], [WasmBinary.I32]);
        // countdown(n) = n == 0 ? 0 : countdown(n - 1) + 1, which nests n + 1 calls.
        binary.ExportFunction("countdown", binary.Function(type,
            [0x20, 0x00, 0x45, 0x04, 0x7F, 0x41, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x10, 0x00, 0x41, 0x01, 0x6A, 0x0B]));
        var engine = new Engine(new Config { MaxCallDepth = 1000 });
        var countdown = new Linker(engine).Instantiate(new Store(engine), Module.FromBytes(engine, binary.Build())).GetFunction("countdown")!;

        var trap = Assert.Throws<WasmTrapException>(() => countdown.Call(Value.FromInt32(1000)));

        Assert.Equal(TrapCode.CallStackExhausted, trap.Code);
        Assert.Equal(999, countdown.Call(Value.FromInt32(999))[0].AsInt32());
        Assert.Throws<WasmTrapException>(() => countdown.Call(Value.FromInt32(1000)));
    }

    [Fact]
    public void Growing_memory_to_4_GiB_fails_at_the_limit()
    {
        var engine = new Engine();
        var store = new Store(engine) { MaxMemoryBytes = 16 * Memory.PageSize };
        var instance = new Linker(engine).Instantiate(store, Module.FromBytes(engine, Grower()));
        var grow = instance.GetFunction<int, int>("grow")!;

        Assert.Equal(-1, grow(65535));
        Assert.Equal(1, grow(15));
        Assert.Equal(-1, grow(1));
        Assert.Equal(16 * Memory.PageSize, instance.GetMemory("memory")!.Length);
    }

    [Fact]
    public void Growing_memory_past_what_an_array_holds_fails_even_without_a_store_limit()
    {
        var engine = new Engine();
        var store = new Store(engine) { MaxMemoryBytes = long.MaxValue };
        var instance = new Linker(engine).Instantiate(store, Module.FromBytes(engine, Grower()));

        Assert.Equal(-1, instance.GetFunction<int, int>("grow")!(65535));
    }

    [Theory]
    [InlineData(10_000, 0)]
    [InlineData(0, 100_000)]
    public void Huge_functions_either_run_or_are_rejected_as_invalid(int nestedBlocks, int additions)
    {
        var binary = new WasmBinary();
        var type = binary.Type([WasmBinary.I32], [WasmBinary.I32]);
        var code = new List<byte>();
        for (var i = 0; i < nestedBlocks; i++)
        {
            code.AddRange([0x02, 0x40]);
        }

        for (var i = 0; i < nestedBlocks; i++)
        {
            code.Add(0x0B);
        }

        for (var i = 0; i < additions; i++)
        {
            code.AddRange([0x20, 0x00, 0x41, 0x01, 0x6A, 0x21, 0x00]);
        }

        code.AddRange([0x20, 0x00]);
        binary.ExportFunction("f", binary.Function(type, [.. code]));
        var engine = new Engine();

        try
        {
            var instance = new Linker(engine).Instantiate(new Store(engine), Module.FromBytes(engine, binary.Build()));
            Assert.Equal(additions, instance.GetFunction<int, int>("f")!(0));
        }
        catch (WasmValidationException e)
        {
            Assert.Contains("JIT", e.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(2_000)]
    [InlineData(20_000)]
    [InlineData(50_000)]
    public void Recursion_with_huge_frames_on_a_256_KiB_thread_traps_instead_of_overflowing(int locals)
    {
        var binary = new WasmBinary();
        var type = binary.Type([WasmBinary.I64], [WasmBinary.I64]);
        // Touch the first and last local so the frame is real, then recurse: f(x) = f(x + last) + first.
        var last = WasmBinary.Leb(locals);
        binary.ExportFunction("recurse", binary.Function(type,
            [0x20, 0x00, 0x20, .. last, 0x7C, 0x10, 0x00, 0x20, 0x01, 0x7C],
            (locals, WasmBinary.I64)));
        var engine = new Engine(new Config { MaxCallDepth = 100_000_000 });
        var instance = new Linker(engine).Instantiate(new Store(engine), Module.FromBytes(engine, binary.Build()));
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            try
            {
                instance.GetFunction("recurse")!.Call(Value.FromInt64(1));
            }
            catch (Exception e)
            {
                caught = e;
            }
        }, maxStackSize: 256 * 1024);

        thread.Start();
        thread.Join();

        Assert.Equal(TrapCode.CallStackExhausted, Assert.IsType<WasmTrapException>(caught).Code);
    }

    [Fact]
    public void Recursion_through_a_host_function_exhausts_the_call_stack_without_overflowing()
    {
        // Guest "enter" calls host "bounce", which calls guest "enter" again, forever.
        var binary = new WasmBinary();
        var type = binary.Type([], []);
        binary.ImportFunction("host", "bounce", type);
        binary.ExportFunction("enter", binary.Function(type, [0x10, 0x00]));
        var engine = new Engine(new Config { MaxCallDepth = 1_000_000 });
        var store = new Store(engine);
        var linker = new Linker(engine);
        Instance? instance = null;
        linker.DefineFunction("host", "bounce", type: new FuncType([], []), (_, _) => instance!.GetFunction("enter")!.Call());
        instance = linker.Instantiate(store, Module.FromBytes(engine, binary.Build()));
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            try
            {
                instance.GetFunction("enter")!.Call();
            }
            catch (Exception e)
            {
                caught = e;
            }
        }, maxStackSize: 1024 * 1024);

        thread.Start();
        thread.Join();

        Assert.Equal(TrapCode.CallStackExhausted, Assert.IsType<WasmTrapException>(caught).Code);
    }

    [Fact]
    public void The_call_depth_budget_continues_through_host_functions()
    {
        var binary = new WasmBinary();
        var type = binary.Type([], []);
        binary.ImportFunction("host", "bounce", type);
        binary.ExportFunction("enter", binary.Function(type, [0x10, 0x00]));
        var engine = new Engine(new Config { MaxCallDepth = 50 });
        var linker = new Linker(engine);
        Instance? instance = null;
        var bounces = 0;
        linker.DefineFunction("host", "bounce", new FuncType([], []), (_, _) =>
        {
            bounces++;
            instance!.GetFunction("enter")!.Call();
        });
        instance = linker.Instantiate(new Store(engine), Module.FromBytes(engine, binary.Build()));

        var trap = Assert.Throws<WasmTrapException>(() => instance.GetFunction("enter")!.Call());

        Assert.Equal(TrapCode.CallStackExhausted, trap.Code);
        Assert.Equal(50, bounces);
    }
}
