using Ipvm.Durable.Analyzers.Tests.Harness;
using Ipvm.Durable.Testing;

namespace Ipvm.Durable.Analyzers.Tests;

/// <summary>
/// A whole sample app, compiled as a folder: the clean copy has no IPVM diagnostic, and a deliberately broken copy
/// shows exactly the expected ones. The same two steps apply to <c>examples/</c> once it holds C# projects.
/// </summary>
public sealed class FolderTests
{
    private static string MiniSaga => Path.Combine(RepositoryPaths.Root, "tests", "Ipvm.Durable.Analyzers.Tests", "Fixtures", "MiniSaga");

    [Fact]
    public async Task The_clean_sample_has_no_IPVM_diagnostic()
    {
        var diagnostics = await TestCompilation.AnalyzeAsync(TestCompilation.Create(TestCompilation.ReadFolder(MiniSaga)));
        Assert.Empty(diagnostics.Where(d => d.Id.StartsWith("IPVM", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_broken_copy_shows_the_expected_diagnostics()
    {
        var files = TestCompilation.ReadFolder(MiniSaga);
        files["Orders.cs"] = Replace(files["Orders.cs"], "var due = ctx.UtcNow.AddDays(7);", "var due = DateTimeOffset.UtcNow.AddDays(7);");
        files["Orders.cs"] = Replace(files["Orders.cs"], "var charged = await ctx.CallChargeAsync(order.Customer, total);", "var charged = Payments.Charge(order.Customer, total);");
        files["Orders.cs"] = Replace(files["Orders.cs"], "count > 10 ? 1.1m : 1.2m", "count > Environment.ProcessorCount ? 1.1m : 1.2m");

        var diagnostics = await TestCompilation.AnalyzeAsync(TestCompilation.Create(files));
        var messages = diagnostics.Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(
            new[]
            {
                "IPVM0001 Workflow 'Orders.Place' reads the wall clock through 'DateTimeOffset.UtcNow'",
                "IPVM1001 Workflow 'Orders.Place' calls the [Effectful] task 'Payments.Charge' directly; call it through the context: 'await ctx.CallChargeAsync(...)'",
                "IPVM1002 Deterministic 'Pricing.Total' \u2192 'Tax.Rate' reads the process or its environment through 'Environment.ProcessorCount' (IPVM0008)",
            },
            messages.OrderBy(m => m, StringComparer.Ordinal));
    }

    private static string Replace(string text, string from, string to)
    {
        Assert.Contains(from, text, StringComparison.Ordinal);
        return text.Replace(from, to, StringComparison.Ordinal);
    }
}
