using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Tests.Wasm;

/// <summary>IPLD arguments mapped by the export's signature, and results mapped back.</summary>
public sealed class WasmArgumentTests
{
    private readonly WasmTaskHarness _wasm = new();

    [Fact]
    public async Task Integers_map_to_i64_parameters_and_the_i64_result_to_an_integer()
    {
        Assert.Equal(TaskResult.Ok(3L), await _wasm.RunAsync(_wasm.Math, "add", 1L, 2L));
        Assert.Equal(TaskResult.Ok(42L), await _wasm.RunAsync(_wasm.Math, "multiply", 3L, 14L));
        Assert.Equal(TaskResult.Ok(long.MinValue), await _wasm.RunAsync(_wasm.Math, "add", long.MaxValue, 1L));
    }

    [Fact]
    public async Task I64_accepts_the_unsigned_range_as_twos_complement_bits()
    {
        var result = await _wasm.RunAsync(_wasm.Math, "add", IpldInteger.From(ulong.MaxValue), 0L);

        Assert.Equal(TaskResult.Ok(-1L), result);
    }

    [Fact]
    public async Task An_integer_outside_i32_is_an_error_naming_the_argument_and_the_range()
    {
        var result = await _wasm.RunAsync(_wasm.Math, "add32", 1L, 4_294_967_296L);

        Assert.False(result.IsOk);
        Assert.Equal("argument 1 (4294967296) is out of range for i32: -2147483648 to 4294967295", result.Describe());
    }

    [Fact]
    public async Task An_integer_below_i64_is_an_error()
    {
        var result = await _wasm.RunAsync(_wasm.Math, "add", IpldInteger.From(IpldInteger.MinValue), 0L);

        Assert.False(result.IsOk);
        Assert.StartsWith("argument 0 (-18446744073709551616) is out of range for i64", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task I32_takes_integers_and_booleans()
    {
        Assert.Equal(TaskResult.Ok(-5L), await _wasm.RunAsync(_wasm.Math, "add32", -7L, 2L));
        Assert.Equal(TaskResult.Ok(2L), await _wasm.RunAsync(_wasm.Math, "add32", true, true));
        Assert.Equal(TaskResult.Ok(int.MinValue), await _wasm.RunAsync(_wasm.Math, "add32", 2_147_483_648L, 0L));
    }

    [Fact]
    public async Task Floats_and_integers_map_to_f64_and_f32_and_the_result_to_a_float()
    {
        Assert.Equal(TaskResult.Ok(3.0), await _wasm.RunAsync(_wasm.Math, "scale", 1.5, 2L));
        Assert.Equal(TaskResult.Ok(-2.5), await _wasm.RunAsync(_wasm.Math, "scale", 5L, -0.5));
    }

    [Fact]
    public async Task A_float_beyond_f32_is_an_error()
    {
        var result = await _wasm.RunAsync(_wasm.Math, "scale", 1.0, 1e300);

        Assert.False(result.IsOk);
        Assert.StartsWith("argument 1 (1E+300) is out of range for f32", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_float_for_an_integer_parameter_is_an_error_not_a_truncation()
    {
        var result = await _wasm.RunAsync(_wasm.Math, "add", 1.5, 2L);

        Assert.False(result.IsOk);
        Assert.Equal("argument 0 is a float, which cannot be passed as i64", result.Describe());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task The_wrong_number_of_arguments_is_an_error_quoting_the_signature(int count)
    {
        var result = await _wasm.RunAsync(_wasm.Math, "add", [.. Enumerable.Repeat<IpldValue>(1L, count)]);

        Assert.False(result.IsOk);
        Assert.Contains("add takes [i64 i64] -> [i64]", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_maps_links_and_null_cannot_be_passed()
    {
        var result = await _wasm.RunAsync(_wasm.Math, "add", IpldList.Empty, 1L);

        Assert.False(result.IsOk);
        Assert.Equal("argument 0 is a list, which cannot be passed as i64", result.Describe());
    }

    [Fact]
    public async Task A_string_goes_in_through_alloc_as_utf8_and_a_declared_string_comes_back()
    {
        Assert.Equal(TaskResult.Ok("HELLO, WASM!"), await _wasm.RunAsync(_wasm.Text, "shout", "hello, wasm!"));
        Assert.Equal(TaskResult.Ok("üNï X1"), await _wasm.RunAsync(_wasm.Text, "shout", "ünï x1"));
        Assert.Equal(TaskResult.Ok(""), await _wasm.RunAsync(_wasm.Text, "shout", ""));
    }

    [Fact]
    public async Task Bytes_go_in_and_declared_bytes_come_back()
    {
        var result = await _wasm.RunAsync(_wasm.Text, "reverse", new IpldBytes([1, 2, 3, 255]));

        Assert.Equal(TaskResult.Ok(new IpldBytes([255, 3, 2, 1])), result);
    }

    [Fact]
    public async Task A_string_and_an_integer_take_three_parameters()
    {
        Assert.Equal(TaskResult.Ok("ipvm x42"), await _wasm.RunAsync(_wasm.Text, "greet", "ipvm", 42L));
        Assert.Equal(TaskResult.Ok("a x-5"), await _wasm.RunAsync(_wasm.Text, "greet", "a", -5L));
    }

    [Fact]
    public async Task A_string_where_the_signature_has_no_pair_of_i32s_is_an_error()
    {
        var result = await _wasm.RunAsync(_wasm.Math, "add", "text", 1L);

        Assert.False(result.IsOk);
        Assert.StartsWith("argument 0 of add is a string, which needs two i32 parameters (ptr, len)", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_for_a_module_without_alloc_is_an_error_naming_alloc()
    {
        var result = await _wasm.RunAsync(_wasm.Add(TinyModules.PairWithoutAlloc), "pair", new IpldBytes([1]));

        Assert.False(result.IsOk);
        Assert.Equal("argument 0 is bytes or a string, so the module must export alloc(len: i32) -> i32", result.Describe());
    }
}
