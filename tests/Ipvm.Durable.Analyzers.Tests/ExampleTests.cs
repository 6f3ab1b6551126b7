using System.Collections.Immutable;
using System.Globalization;
using System.Xml.Linq;
using Ipvm.Durable.Analyzers.Tests.Harness;
using Ipvm.Durable.Generators;
using Ipvm.Durable.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Ipvm.Durable.Analyzers.Tests;

/// <summary>
/// The real examples under <c>examples/</c>, compiled from their source files as their projects build them: the source
/// generator first (so the <c>Call{Task}Async</c> stubs exist), then the analyzers. Every example is clean; a
/// deliberately broken copy of OrderSaga shows exactly the expected diagnostics, at the broken lines.
/// </summary>
public sealed class ExampleTests
{
    /// <summary>The implicit usings of <c>Microsoft.NET.Sdk</c>, which Directory.Build.props turns on.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>Every folder under <c>examples/</c> holding a C# project.</summary>
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.EnumerateDirectories(Path.Combine(RepositoryPaths.Root, "examples")).Order(StringComparer.Ordinal))
        {
            if (Directory.EnumerateFiles(folder, "*.csproj").Any())
            {
                data.Add(Path.GetFileName(folder));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task An_example_compiles_with_no_IPVM_warning(string example)
    {
        var (analyzers, generator) = await AnalyzeAsync(example, ReadExample(example));
        Assert.Empty(analyzers.Where(static d => d.Id.StartsWith("IPVM", StringComparison.Ordinal)).Select(Describe));
        Assert.Empty(generator.Where(static d => d.Severity >= DiagnosticSeverity.Warning).Select(Describe));
    }

    [Fact]
    public async Task OrderSaga_says_why_its_workflow_runs_by_replay()
    {
        var files = ReadExample("OrderSaga");
        var (_, generator) = await AnalyzeAsync("OrderSaga", files);
        var line = LineOf(files["Orders.cs"], "order.Sku");
        Assert.Equal(
            [$"Orders.cs:{line} IPVM2005 Workflow 'PlaceOrder' is not lowered to an IPVM DAG and runs by replay: the argument 'order.Sku', which is not a parameter, a literal or an earlier result at line {line}"],
            generator.Select(Describe).ToArray());
    }

    [Fact]
    public async Task A_broken_OrderSaga_shows_the_expected_diagnostics()
    {
        var files = ReadExample("OrderSaga");
        var orders = files["Orders.cs"];

        // The workflow charges the card directly, sleeps outside the context, makes a GUID and reads the wall clock.
        orders = Replace(orders, "var payment = await ctx.CallChargeCardAsync(order.Id, order.AmountCents);", "var payment = ChargeCard(order.Id, order.AmountCents, null!);");
        orders = Replace(orders, "var mail = await ctx.CallSendReceiptMailAsync(order.Email, payment);", "await Task.Delay(TimeSpan.FromSeconds(1));\n        var mail = await ctx.CallSendReceiptMailAsync(order.Email, payment + \"/\" + Guid.NewGuid().ToString(\"n\"));");
        orders = Replace(orders, "shipment = \"not shipped within 30 s\";", "shipment = \"not shipped by \" + DateTime.UtcNow.AddSeconds(30).ToString(\"O\", System.Globalization.CultureInfo.InvariantCulture);");
        // An I/O task mislabelled [Deterministic]: every nondeterministic thing it reaches, with the call path.
        orders = Replace(orders, "[Idempotent]\n    public static string ReserveStock", "[Deterministic]\n    public static string ReserveStock");
        files["Orders.cs"] = orders;

        var (analyzers, _) = await AnalyzeAsync("OrderSaga", files);
        var reserve = $"Orders.cs:{LineOf(orders, "Services.Warehouse.Reserve")} IPVM1002 Deterministic 'Orders.ReserveStock' \u2192 'Services.Ledger.Reserve'";
        var record = reserve + " \u2192 'Services.Ledger.Record'";
        Assert.Equal(
            [
                $"Orders.cs:{LineOf(orders, "var payment")} IPVM1001 Workflow 'Orders.PlaceOrder' calls the [Effectful] task 'Orders.ChargeCard' directly; call it through the context: 'await ctx.CallChargeCardAsync(...)'",
                $"Orders.cs:{LineOf(orders, "await Task.Delay")} IPVM0004 Workflow 'Orders.PlaceOrder' waits on real time with 'Task.Delay()'",
                $"Orders.cs:{LineOf(orders, "Guid.NewGuid")} IPVM0002 Workflow 'Orders.PlaceOrder' creates a new GUID with 'Guid.NewGuid()'",
                $"Orders.cs:{LineOf(orders, "DateTime.UtcNow")} IPVM0001 Workflow 'Orders.PlaceOrder' reads the wall clock through 'DateTime.UtcNow'",
                reserve + " depends on the current culture in an interpolated string that formats 'int' (IPVM0011)",
                record + " touches the file system through 'File.Exists()' (IPVM0006)",
                record + " touches the file system through 'File.ReadLines()' (IPVM0006)",
                record + " reads the process or its environment through 'Console.WriteLine()' (IPVM0008)",
                record + " touches the file system through 'File.AppendAllLines()' (IPVM0006)",
                record + " reads the process or its environment through 'Console.WriteLine()' (IPVM0008)",
                record + " reads the mutable static property 'Services.CrashAfter' (IPVM0009)",
                record + " reads the process or its environment through 'Console.WriteLine()' (IPVM0008)",
                record + " reads the process or its environment through 'Process.GetCurrentProcess()' (IPVM0008)",
                record + " reads the process or its environment through 'Process.Kill()' (IPVM0008)",
                record + " \u2192 'Services.Ledger.Path' reads the mutable static property 'Services.Folder' (IPVM0009)",
            ],
            analyzers.Where(static d => d.Id.StartsWith("IPVM", StringComparison.Ordinal)).Select(Describe).ToArray());
    }

    private static SortedDictionary<string, string> ReadExample(string example) =>
        TestCompilation.ReadFolder(Path.Combine(RepositoryPaths.Root, "examples", example));

    /// <summary>Compiles an example's files as its project does, runs the generator, then the analyzers on the result.</summary>
    private static async Task<(ImmutableArray<Diagnostic> Analyzers, ImmutableArray<Diagnostic> Generator)> AnalyzeAsync(string example, IReadOnlyDictionary<string, string> files)
    {
        var trees = files.Select(static f => CSharpSyntaxTree.ParseText(f.Value, TestCompilation.ParseOptions, path: f.Key))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, TestCompilation.ParseOptions, path: "GlobalUsings.g.cs"));
        var compilation = CSharpCompilation.Create(
            example,
            trees,
            TestCompilation.References(durable: true).AddRange(ProjectReferences(example)),
            TestCompilation.Options.WithOutputKind(OutputKind.ConsoleApplication));
        CSharpGeneratorDriver.Create(new DurableGenerator()).WithUpdatedParseOptions(TestCompilation.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);
        return (await TestCompilation.AnalyzeAsync(generated), generatorDiagnostics);
    }

    /// <summary>
    /// The assemblies of the example's project references (not its analyzers) and what they reference in turn, from
    /// this test's output folder, as the build hands a project its references' references.
    /// </summary>
    private static IEnumerable<MetadataReference> ProjectReferences(string example)
    {
        var project = XDocument.Load(Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "examples", example), "*.csproj").Single());
        var pending = new Queue<string>();
        foreach (var reference in project.Descendants("ProjectReference").Where(static r => (string?)r.Attribute("OutputItemType") != "Analyzer"))
        {
            var name = Path.GetFileNameWithoutExtension((string)reference.Attribute("Include")!);
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, name + ".dll")), $"examples/{example} references {name}: add it to this test project's references");
            pending.Enqueue(name);
        }

        var found = new SortedSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var name))
        {
            if (found.Add(name))
            {
                foreach (var referenced in System.Reflection.Assembly.Load(name).GetReferencedAssemblies())
                {
                    if (referenced.Name is { } next && next.StartsWith("Ipvm.Durable", StringComparison.Ordinal) && File.Exists(Path.Combine(AppContext.BaseDirectory, next + ".dll")))
                    {
                        pending.Enqueue(next);
                    }
                }
            }
        }

        return found.Select(static name => MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, name + ".dll")));
    }

    private static string Describe(Diagnostic d) =>
        $"{d.Location.GetLineSpan().Path}:{d.Location.GetLineSpan().StartLinePosition.Line + 1} {d.Id} {d.GetMessage(CultureInfo.InvariantCulture)}";

    private static int LineOf(string text, string marker)
    {
        var index = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{marker}' is not in the text");
        return text.AsSpan(0, index).Count('\n') + 1;
    }

    private static string Replace(string text, string from, string to)
    {
        Assert.Contains(from, text, StringComparison.Ordinal);
        return text.Replace(from, to, StringComparison.Ordinal);
    }
}
