using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

/// <summary><c>ctx.CallWasm</c> and <c>ctx.CallWasmAsync</c> come from the context: a workflow may issue, chain and await them.</summary>
public sealed class WasmCallTests
{
    [Fact]
    public Task Stays_silent_on_wasm_calls_their_promises_results_and_WhenAll_over_them() => AnalyzerVerifier.VerifyAsync(Sources.Usings + """
        using Ipvm.Durable.Ipld;

        public static class Images
        {
            [Workflow]
            public static async Task<byte[]> Edit(WorkflowContext ctx, Cid module, byte[] image)
            {
                var cropped = ctx.CallWasm(new WasmFunction(module, "crop"), new IpldBytes(image), 0, 0, 16, 16);
                var blurred = ctx.CallWasmAsync(new WasmFunction(module, "blur"), cropped.Promise);
                var gray = ctx.CallWasmAsync(new WasmFunction(module, "grayscale"), cropped.Promise);
                await Task.WhenAll(blurred, gray);
                await cropped.Result;
                return (await gray).AsBytes().ToArray();
            }
        }
        """);

    [Fact]
    public Task Still_flags_nondeterminism_beside_them() => AnalyzerVerifier.VerifyAsync(Sources.Usings + """
        using Ipvm.Durable.Ipld;

        public static class Images
        {
            [Workflow]
            public static async Task<IpldValue> Stamp(WorkflowContext ctx, Cid module)
            {
                return await ctx.CallWasmAsync(new WasmFunction(module, "stamp"), {|IPVM0001:DateTime.UtcNow|}.Ticks);
            }
        }
        """);
}
