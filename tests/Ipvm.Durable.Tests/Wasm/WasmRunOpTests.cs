using Ipvm.Durable.Ipld;
using Ipvm.Durable.Wasm;

namespace Ipvm.Durable.Tests.Wasm;

/// <summary>Limits from meta, traps and engine errors as error receipts, and where modules come from.</summary>
public sealed class WasmRunOpTests
{
    private readonly WasmTaskHarness _wasm = new();

    [Fact]
    public async Task Running_out_of_fuel_is_an_error_receipt_with_the_trap_code()
    {
        var task = WasmTaskHarness.Task(_wasm.Math, "spin", TaskMeta.Create(fuel: 10_000), 0L);

        var result = await _wasm.RunAsync(task);

        Assert.False(result.IsOk);
        var error = Assert.IsType<IpldMap>(result.Value);
        Assert.Equal("OutOfFuel", error["trap"].AsString());
        Assert.Equal("spin", error["func"].AsString());
        Assert.Equal("wasm trap in spin: all fuel consumed", error["message"].AsString());
    }

    [Fact]
    public async Task Cancellation_interrupts_a_module_looping_without_fuel_and_propagates_as_cancellation()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var task = WasmTaskHarness.Task(_wasm.Math, "spin", null, 0L);

        // Only a liveness bound: without interruption the handler never returns.
        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Task.Run(() => _wasm.RunAsync(task, cancellationToken: cancellation.Token)).WaitAsync(TimeSpan.FromMinutes(2)));

        Assert.Equal(cancellation.Token, thrown.CancellationToken);
        Assert.Equal(TrapCode.Interrupted, Assert.IsType<WasmTrapException>(thrown.InnerException).Code);
    }

    [Fact]
    public async Task An_already_cancelled_task_does_not_run_the_module()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _wasm.RunAsync(WasmTaskHarness.Task(_wasm.Math, "spin", null, 0L), cancellationToken: cancellation.Token));
    }

    [Fact]
    public async Task Homestars_fuel_of_2_to_the_64_as_a_float_means_unlimited()
    {
        var meta = new TaskMeta(IpldMap.Create(("fuel", 1.8446744073709552e19), ("memory", 4294967296L), ("time", 100000L)));

        var result = await _wasm.RunAsync(WasmTaskHarness.Task(_wasm.Math, "add", meta, 40L, 2L));

        Assert.Equal(TaskResult.Ok(42L), result);
    }

    [Fact]
    public async Task Enough_fuel_runs_and_too_little_for_the_same_call_traps()
    {
        Assert.True((await _wasm.RunAsync(WasmTaskHarness.Task(_wasm.Text, "shout", TaskMeta.Create(fuel: 100_000), "abc"))).IsOk);

        var starved = await _wasm.RunAsync(WasmTaskHarness.Task(_wasm.Text, "shout", TaskMeta.Create(fuel: 5), "abc"));

        Assert.Equal("OutOfFuel", starved.Value.AsMap()["trap"].AsString());
    }

    [Fact]
    public async Task Memory_from_meta_caps_growth()
    {
        var capped = await _wasm.RunAsync(WasmTaskHarness.Task(_wasm.Text, "grow", TaskMeta.Create(memory: 256 * 1024), 1L << 20));
        var roomy = await _wasm.RunAsync(WasmTaskHarness.Task(_wasm.Text, "grow", TaskMeta.Create(memory: 4 << 20), 1L << 20));

        Assert.Equal(TaskResult.Ok(-1L), capped);
        Assert.True(roomy.IsOk);
        Assert.True(roomy.Value.AsInt64() > 1 << 20);
    }

    [Fact]
    public async Task Memory_below_the_modules_initial_size_is_an_error_receipt()
    {
        var result = await _wasm.RunAsync(WasmTaskHarness.Task(_wasm.Math, "add", TaskMeta.Create(memory: 65536), 1L, 2L));

        Assert.False(result.IsOk);
        Assert.Contains("exceeds the store's limit", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trap_is_an_error_receipt_with_its_code()
    {
        var result = await _wasm.RunAsync(_wasm.Math, "divide", 1L, 0L);

        Assert.False(result.IsOk);
        Assert.Equal("IntegerDivisionByZero", result.Value.AsMap()["trap"].AsString());
        Assert.Equal(TaskResult.Ok(3L), await _wasm.RunAsync(_wasm.Math, "divide", 7L, 2L));
    }

    [Fact]
    public async Task A_missing_export_is_an_error_listing_the_exports()
    {
        var result = await _wasm.RunAsync(_wasm.Math, "subtract", 1L, 2L);

        Assert.False(result.IsOk);
        Assert.Equal("the module exports no function named 'subtract' (it exports alloc, add, multiply, add32, scale, divide, spin)", result.Describe());
    }

    [Fact]
    public async Task A_module_missing_from_the_block_store_is_an_error_suggesting_ipvm_add()
    {
        var result = await _wasm.RunAsync("ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", "add", 1L, 2L);

        Assert.False(result.IsOk);
        Assert.Contains("is not in the block store (store it with `ipvm add`)", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_module_bytes_are_an_error_receipt_not_a_crash()
    {
        var rsc = _wasm.Add([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x7F]);

        var result = await _wasm.RunAsync(rsc, "add", 1L, 2L);

        Assert.False(result.IsOk);
        Assert.StartsWith($"module {rsc}: ", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_wasm_run_does_not_provide_is_an_error_naming_it()
    {
        var result = await _wasm.RunAsync(_wasm.Add(TinyModules.ImportsEnvF), "f");

        Assert.False(result.IsOk);
        Assert.Contains("env", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declared_bytes_result_needs_an_i64_return()
    {
        var result = await _wasm.RunAsync(_wasm.Add(TinyModules.DeclaresI32AsBytes), "f");

        Assert.False(result.IsOk);
        Assert.StartsWith("f is declared to return bytes in ipvm.results, so it must return one i64", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_declaration_is_an_error_quoting_the_line()
    {
        var result = await _wasm.RunAsync(_wasm.Add(TinyModules.DeclaresNonsense), "f");

        Assert.False(result.IsOk);
        Assert.Equal("custom section ipvm.results: 'f=banana' is not 'func=bytes' or 'func=string'", result.Describe());
    }

    [Fact]
    public async Task A_module_registered_by_name_runs_when_rsc_is_the_name()
    {
        var named = new WasmModuleRegistry().Add("math", WasmTaskHarness.Example("math.wasm"));
        var wasm = new WasmTaskHarness(named);

        Assert.Equal(TaskResult.Ok(42L), await wasm.RunAsync("math", "multiply", 6L, 7L));
        var unknown = await wasm.RunAsync("maths", "multiply", 6L, 7L);
        Assert.Equal("rsc maths: expected ipfs://<cid> or the name of a registered module", unknown.Describe());
    }

    [Fact]
    public void Registering_an_invalid_module_by_name_throws_at_once()
    {
        Assert.ThrowsAny<Ipvm.Durable.Wasm.WasmException>(() => new WasmModuleRegistry().Add("bad", [0x00, 0x61, 0x73]));
    }

    [Theory]
    [InlineData("{\"func\":\"add\",\"arg\":[1]}", "wasm/run input: 'arg' is not a field (expected func and args)")]
    [InlineData("{\"args\":[1]}", "wasm/run input: func is required but missing")]
    [InlineData("{\"func\":7}", "wasm/run input: func must be a non-empty string, found an integer")]
    [InlineData("{\"func\":\"add\",\"args\":{}}", "wasm/run input: args must be a list, found a map")]
    [InlineData("[1, 2]", "wasm/run input must be a map {func, args}, found a list")]
    public async Task A_malformed_input_is_an_error_naming_the_field(string input, string message)
    {
        var value = DagJson.Decode(System.Text.Encoding.UTF8.GetBytes(input));

        var result = await _wasm.RunAsync(WasmTaskHarness.Task(_wasm.Math, "add", null), value);

        Assert.Equal(message, result.Describe());
    }

    [Fact]
    public async Task An_engine_that_does_not_meter_fuel_is_refused()
    {
        var engine = new Ipvm.Durable.Wasm.Engine(new Ipvm.Durable.Wasm.Config { ConsumeFuel = false });

        var e = Assert.Throws<ArgumentException>(() => WasmRunOp.Register(new OpRegistry(), new InMemoryDurableStore(), engine: engine));

        Assert.Contains("ConsumeFuel", e.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }
}
