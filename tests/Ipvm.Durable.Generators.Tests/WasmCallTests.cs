using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Generators.Tests;

/// <summary><c>ctx.CallWasm</c>/<c>ctx.CallWasmAsync</c> are context operations, not a generated stub of a task named "Wasm".</summary>
public sealed class WasmCallTests
{
    private const string Source = """
        using System.Threading.Tasks;
        using Ipvm.Durable;
        using Ipvm.Durable.Ipld;

        namespace Shop;

        public static partial class Pricing
        {
            [Deterministic]
            public static long Twice(long x) => x * 2;
        }

        public static partial class Images
        {
            [Workflow]
            public static async Task<long> Edit(WorkflowContext ctx, Cid module, long x)
            {
                var crop = ctx.CallWasm(new WasmFunction(module, "crop"), x);
                var size = await ctx.CallWasmAsync(new WasmFunction(module, "size"), crop.Promise);
                return await ctx.CallTwiceAsync(size.AsInt64());
            }

            [Workflow]
            public static async Task<long> Mixed(WorkflowContext ctx, Cid module, long x)
            {
                await ctx.CreateTimer(System.TimeSpan.FromSeconds(1));
                return (await ctx.CallWasmAsync(new WasmFunction(module, "size"), x)).AsInt64();
            }
        }
        """;

    [Fact]
    public void A_workflow_of_wasm_calls_and_pure_tasks_is_pure_runs_by_replay_and_compiles()
    {
        var run = GeneratorHarness.Run(Source);

        Assert.Contains("new(\"Edit\", \"dotnet:Tests/Shop.Images.Edit@", run.Generated("Images.Edit.g.cs"), StringComparison.Ordinal);
        Assert.Contains("global::Ipvm.Durable.EffectClass.Pure, EditBody", run.Generated("Images.Edit.g.cs"), StringComparison.Ordinal);
        Assert.Contains("global::Ipvm.Durable.EffectClass.Effectful, MixedBody", run.Generated("Images.Mixed.g.cs"), StringComparison.Ordinal);
        Assert.DoesNotContain("LowerEdit", run.Generated("Images.Edit.g.cs"), StringComparison.Ordinal);
        var info = Assert.Single(run.Diagnostics, static d => d.Id == "IPVM2005" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'Edit'", StringComparison.Ordinal));
        Assert.Contains("a WebAssembly call", info.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(run.Diagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(run.Output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error));
    }
}
