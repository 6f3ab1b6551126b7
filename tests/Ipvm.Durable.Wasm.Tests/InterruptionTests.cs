namespace Ipvm.Durable.Wasm.Tests;

/// <summary>
/// <see cref="Store.Interrupt"/> stops running code at its next loop header or function entry, with or without
/// fuel, from another thread or from a host function, and leaves other stores alone.
/// </summary>
public sealed class InterruptionTests
{
    /// <summary>Only a liveness bound: an interrupted call that has not returned by then is hung.</summary>
    private static readonly TimeSpan Liveness = TimeSpan.FromMinutes(2);

    private static readonly FuncType Nullary = new([], []);

    /// <summary>Imports <c>host.started</c>; <c>spin</c> calls it once, then loops forever (<c>loop br 0 end</c>).</summary>
    private static byte[] StartThenSpin()
    {
        var binary = new WasmBinary();
        var type = binary.Type([], []);
        binary.ImportFunction("host", "started", type);
        binary.ExportFunction("spin", binary.Function(type, [0x10, 0x00, 0x03, 0x40, 0x0C, 0x00, 0x0B]));
        return binary.Build();
    }

    /// <summary>
    /// Imports <c>host.started</c>; <c>run</c> calls it, then <c>f(62)</c> where f(n) = n == 0 ? 1 : f(n - 1) + f(n - 1):
    /// 2^62 calls, never deeper than 63, and no loop, so only function entries can notice an interruption.
    /// </summary>
    private static byte[] StartThenRecurse()
    {
        var binary = new WasmBinary();
        var nullary = binary.Type([], []);
        var unary = binary.Type([WasmBinary.I32], [WasmBinary.I32]);
        binary.ImportFunction("host", "started", nullary);
        var f = (byte)binary.Function(unary,
            [0x20, 0x00, 0x45, 0x04, 0x7F, 0x41, 0x01, 0x05,
             0x20, 0x00, 0x41, 0x01, 0x6B, 0x10, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x10, 0x01, 0x6A, 0x0B]);
        Assert.Equal(1, f);
        var result = binary.Type([], [WasmBinary.I32]);
        binary.ExportFunction("run", binary.Function(result, [0x10, 0x00, 0x41, 0x3E, 0x10, f]));
        return binary.Build();
    }

    /// <summary>Imports <c>host.tick</c>; <c>spin</c> calls it in an endless loop.</summary>
    private static byte[] TickForever()
    {
        var binary = new WasmBinary();
        var type = binary.Type([], []);
        binary.ImportFunction("host", "tick", type);
        binary.ExportFunction("spin", binary.Function(type, [0x03, 0x40, 0x10, 0x00, 0x0C, 0x00, 0x0B]));
        return binary.Build();
    }

    private static (Engine Engine, Store Store) Create(bool fuel)
    {
        var engine = new Engine(new Config { ConsumeFuel = fuel });
        var store = new Store(engine);
        if (fuel)
        {
            store.Fuel = long.MaxValue;
        }

        return (engine, store);
    }

    /// <summary>Runs <paramref name="call"/> on its own thread, interrupts the store once the guest has started, and returns what the call threw.</summary>
    private static Exception? InterruptOnceStarted(Store store, ManualResetEventSlim started, Action call)
    {
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            try
            {
                call();
            }
            catch (Exception e)
            {
                caught = e;
            }
        })
        { IsBackground = true };

        thread.Start();
        Assert.True(started.Wait(Liveness), "the guest never started");
        store.Interrupt();
        Assert.True(thread.Join(Liveness), "the interrupted call did not return");
        return caught;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_endless_loop_interrupted_from_another_thread_traps_with_Interrupted(bool fuel)
    {
        var (engine, store) = Create(fuel);
        using var started = new ManualResetEventSlim();
        var linker = new Linker(engine);
        linker.DefineFunction("host", "started", Nullary, (_, _) => started.Set());
        var spin = linker.Instantiate(store, Module.FromBytes(engine, StartThenSpin())).GetFunction("spin")!;

        var caught = InterruptOnceStarted(store, started, () => spin.Call());

        var trap = Assert.IsType<WasmTrapException>(caught);
        Assert.Equal(TrapCode.Interrupted, trap.Code);
        Assert.Equal("interrupted", trap.Message);
        Assert.True(store.IsInterrupted);
        if (fuel)
        {
            Assert.InRange(store.Fuel, 1, long.MaxValue - 1);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_loop_that_calls_a_function_of_its_module_every_iteration_is_interrupted_at_the_callees_entry(bool fuel)
    {
        // Without fuel such a loop has no check of its own: the callee's entry stops it.
        var binary = new WasmBinary();
        var type = binary.Type([], []);
        binary.ImportFunction("host", "started", type);
        var nothing = (byte)binary.Function(type, [0x01]);
        binary.ExportFunction("spin", binary.Function(type, [0x10, 0x00, 0x03, 0x40, 0x10, nothing, 0x0C, 0x00, 0x0B]));
        var (engine, store) = Create(fuel);
        using var started = new ManualResetEventSlim();
        var linker = new Linker(engine);
        linker.DefineFunction("host", "started", Nullary, (_, _) => started.Set());
        var spin = linker.Instantiate(store, Module.FromBytes(engine, binary.Build())).GetFunction("spin")!;

        var caught = InterruptOnceStarted(store, started, () => spin.Call());

        Assert.Equal(TrapCode.Interrupted, Assert.IsType<WasmTrapException>(caught).Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Recursion_without_loops_is_interrupted_at_a_function_entry(bool fuel)
    {
        var (engine, store) = Create(fuel);
        using var started = new ManualResetEventSlim();
        var linker = new Linker(engine);
        linker.DefineFunction("host", "started", Nullary, (_, _) => started.Set());
        var run = linker.Instantiate(store, Module.FromBytes(engine, StartThenRecurse())).GetFunction("run")!;

        var caught = InterruptOnceStarted(store, started, () => run.Call());

        Assert.Equal(TrapCode.Interrupted, Assert.IsType<WasmTrapException>(caught).Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_interruption_requested_before_the_call_traps_at_once_and_the_store_stays_interrupted(bool fuel)
    {
        var (engine, store) = Create(fuel);
        var binary = new WasmBinary();
        var type = binary.Type([WasmBinary.I32], [WasmBinary.I32]);
        binary.ExportFunction("spin", binary.Function(binary.Type([], []), [0x03, 0x40, 0x0C, 0x00, 0x0B]));
        binary.ExportFunction("identity", binary.Function(type, [0x20, 0x00]));
        var instance = new Linker(engine).Instantiate(store, Module.FromBytes(engine, binary.Build()));

        store.Interrupt();

        Assert.Equal(TrapCode.Interrupted, Assert.Throws<WasmTrapException>(() => instance.GetFunction("spin")!.Call()).Code);
        Assert.Equal(TrapCode.Interrupted, Assert.Throws<WasmTrapException>(() => instance.GetFunction("identity")!.Call(Value.FromInt32(7))).Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_host_function_that_interrupts_stops_its_caller_when_it_returns(bool fuel)
    {
        var (engine, store) = Create(fuel);
        var ticks = 0;
        var linker = new Linker(engine);
        linker.DefineFunction("host", "tick", Nullary, (_, _) =>
        {
            if (++ticks == 100)
            {
                store.Interrupt();
            }
        });
        var spin = linker.Instantiate(store, Module.FromBytes(engine, TickForever())).GetFunction("spin")!;

        var trap = Assert.Throws<WasmTrapException>(() => spin.Call());

        Assert.Equal(TrapCode.Interrupted, trap.Code);
        Assert.Equal(100, ticks);
    }

    [Fact]
    public void An_interruption_during_a_nested_guest_call_survives_its_return()
    {
        // outer calls host h, which calls guest inner, which calls host interrupt and returns normally; back in
        // outer, the call to leaf (no loop) must trap at its entry although the nested call restored the stack limit.
        var binary = new WasmBinary();
        var type = binary.Type([], []);
        binary.ImportFunction("host", "h", type);
        binary.ImportFunction("host", "interrupt", type);
        binary.ExportFunction("inner", binary.Function(type, [0x10, 0x01]));
        var leaf = (byte)binary.Function(type, [0x01]);
        binary.ExportFunction("outer", binary.Function(type, [0x10, 0x00, 0x10, leaf]));
        var engine = new Engine();
        var store = new Store(engine);
        var linker = new Linker(engine);
        Instance? instance = null;
        var innerReturned = false;
        linker.DefineFunction("host", "h", Nullary, (_, _) =>
        {
            instance!.GetFunction("inner")!.Call();
            innerReturned = true;
        });
        linker.DefineFunction("host", "interrupt", Nullary, (_, _) => store.Interrupt());
        instance = linker.Instantiate(store, Module.FromBytes(engine, binary.Build()));

        var trap = Assert.Throws<WasmTrapException>(() => instance.GetFunction("outer")!.Call());

        Assert.Equal(TrapCode.Interrupted, trap.Code);
        Assert.True(innerReturned);
    }

    [Fact]
    public void Interrupting_one_store_leaves_another_running_recursion_and_memory_as_before()
    {
        var binary = new WasmBinary();
        binary.Memory(1);
        var type = binary.Type([WasmBinary.I32], [WasmBinary.I32]);
        // countdown(n) = n == 0 ? load(0) : countdown(n - 1) + 1, after store(0, 5): nests n + 1 calls.
        binary.ExportFunction("countdown", binary.Function(type,
            [0x41, 0x00, 0x41, 0x05, 0x36, 0x02, 0x00,
             0x20, 0x00, 0x45, 0x04, 0x7F, 0x41, 0x00, 0x28, 0x02, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x10, 0x00, 0x41, 0x01, 0x6A, 0x0B]));
        var engine = new Engine(new Config { ConsumeFuel = true });
        var module = Module.FromBytes(engine, binary.Build());
        var interrupted = new Store(engine) { Fuel = 1_000_000 };
        var running = new Store(engine) { Fuel = 1_000_000 };
        var stopped = new Linker(engine).Instantiate(interrupted, module).GetFunction<int, int>("countdown")!;
        var countdown = new Linker(engine).Instantiate(running, module).GetFunction<int, int>("countdown")!;

        interrupted.Interrupt();

        Assert.Equal(TrapCode.Interrupted, Assert.Throws<WasmTrapException>(() => stopped(10)).Code);
        Assert.Equal(5 + 2000, countdown(2000));
        Assert.False(running.IsInterrupted);
        Assert.Equal(TrapCode.CallStackExhausted, Assert.Throws<WasmTrapException>(() => countdown(20_000)).Code);
    }
}
