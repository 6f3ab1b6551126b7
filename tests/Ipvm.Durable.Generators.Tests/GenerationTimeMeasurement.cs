using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace Ipvm.Durable.Generators.Tests;

/// <summary>
/// Generation time for a project of 200 task classes against the time to compile it (a full <c>Emit</c>). A
/// measurement, not a test: it runs when <c>IPVM_MEASURE_GENERATOR=1</c> and prints the figures recorded in
/// docs/benchmarks.md; otherwise it only checks that the project generates and compiles.
/// </summary>
public sealed class GenerationTimeMeasurement(ITestOutputHelper output)
{
    private const int Classes = 200;

    [Fact]
    public void Generation_time_of_200_task_classes_against_compile_time()
    {
        var measuring = Environment.GetEnvironmentVariable("IPVM_MEASURE_GENERATOR") == "1";
        var classes = measuring ? Classes : 10;
        var sources = Enumerable.Range(0, classes).Select(Source).ToArray();
        if (Environment.GetEnvironmentVariable("IPVM_MEASURE_NO_WORKFLOWS") == "1")
        {
            sources = [.. sources.Select(static s => s.Replace("[Workflow]", string.Empty, StringComparison.Ordinal))];
        }


        // Another build of the generator (say, the previous commit's, in Release), timed on the same compilation
        // right after this one in every round, so both see the same load.
        var baselinePath = Environment.GetEnvironmentVariable("IPVM_MEASURE_BASELINE");
        var baseline = baselinePath is null ? null : LoadGenerator(baselinePath);

        // Warm up the JIT for the compiler and the generator(s).
        Measure(GeneratorHarness.Compile("Warmup", sources));
        if (baseline is not null)
        {
            Generate(baseline, GeneratorHarness.Compile("Warmup", sources));
        }

        var rounds = measuring ? int.Parse(Environment.GetEnvironmentVariable("IPVM_MEASURE_ROUNDS") ?? "5", CultureInfo.InvariantCulture) : 1;
        var generate = new List<double>();
        var incremental = new List<double>();
        var emit = new List<double>();
        var other = new List<double>();
        var generateCpu = new List<double?>();
        var otherCpu = new List<double?>();
        for (var i = 0; i < rounds; i++)
        {
            // The baseline goes first in every other round, so neither build always runs right after the Emit's garbage.
            var baselineFirst = baseline is not null && i % 2 == 1;
            if (baselineFirst)
            {
                var (wall, cpu) = Generate(baseline!, GeneratorHarness.Compile("Bench", sources));
                other.Add(wall);
                otherCpu.Add(cpu);
            }

            var (g, gCpu, inc, e) = Measure(GeneratorHarness.Compile("Bench", sources));
            generate.Add(g);
            generateCpu.Add(gCpu);
            incremental.Add(inc);
            emit.Add(e);
            if (baseline is not null && !baselineFirst)
            {
                var (wall, cpu) = Generate(baseline, GeneratorHarness.Compile("Bench", sources));
                other.Add(wall);
                otherCpu.Add(cpu);
            }
        }

        // Each round's generator and Emit run back to back, so their ratio is less exposed to load from other work
        // than the ratio of the medians; both are printed, with every round.
        var median = (Func<IEnumerable<double>, double>)(static xs => xs.Order().ElementAt(xs.Count() / 2));
        var ratios = generate.Zip(emit, static (g, e) => g / e * 100).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{classes} classes ({classes * 3} tasks, {classes} workflows): generator {median(generate):F0} ms, incremental rerun after a one-file edit {median(incremental):F0} ms, full compile (Emit) {median(emit):F0} ms, ratio of medians {median(generate) / median(emit) * 100:F1}%, median of per-round ratios {median(ratios):F1}%"));
        for (var i = 0; i < rounds; i++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {i + 1}: generator {generate[i]:F0} ms, rerun {incremental[i]:F0} ms, Emit {emit[i]:F0} ms, {ratios[i]:F1}%")
                + (baseline is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; baseline generator {other[i]:F0} ms, {other[i] / emit[i] * 100:F1}%, this/baseline {generate[i] / other[i]:F2}"))
                + (baseline is null || generateCpu[i] is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; thread CPU {generateCpu[i]:F0} ms against {otherCpu[i]:F0} ms, {generateCpu[i] / otherCpu[i]:F2}")));
        }

        if (baseline is not null)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"baseline {baselinePath}: generator {median(other):F0} ms, median of per-round ratios {median(other.Zip(emit, static (g, e) => g / e * 100)):F1}%, median of per-round this/baseline {median(generate.Zip(other, static (g, b) => g / b)):F2}"));
            if (generateCpu.All(static c => c is not null) && otherCpu.All(static c => c is not null))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"thread CPU time of the generator run: this {median(generateCpu.Select(static c => c!.Value)):F0} ms, baseline {median(otherCpu.Select(static c => c!.Value)):F0} ms, median of per-round this/baseline {median(generateCpu.Zip(otherCpu, static (g, b) => g!.Value / b!.Value)):F2}"));
            }
        }
    }

    private static ISourceGenerator LoadGenerator(string path)
    {
        // Its own load context, so it does not meet this build's generator; Roslyn itself comes from the default one.
        var assembly = new System.Runtime.Loader.AssemblyLoadContext("baseline-generator").LoadFromAssemblyPath(Path.GetFullPath(path));
        var generator = (IIncrementalGenerator)Activator.CreateInstance(assembly.GetType("Ipvm.Durable.Generators.DurableGenerator", throwOnError: true)!)!;
        return generator.AsSourceGenerator();
    }

    private static (double Wall, double? Cpu) Generate(ISourceGenerator generator, CSharpCompilation compilation)
    {
        var cpu = ThreadCpuMilliseconds();
        var driver = CSharpGeneratorDriver.Create([generator], parseOptions: GeneratorHarness.ParseOptions).RunGenerators(compilation);
        return (driver.GetTimingInfo().ElapsedTime.TotalMilliseconds, ThreadCpuMilliseconds() - cpu);
    }

    /// <summary>
    /// The CPU time this thread has run (Linux: /proc/thread-self/schedstat), or null. The driver runs one generator
    /// on the calling thread, so the difference around a run is its CPU time, which load from other processes on the
    /// machine inflates much less than the wall time (it still suffers from shared caches and cores).
    /// </summary>
    private static double? ThreadCpuMilliseconds() =>
        File.Exists("/proc/thread-self/schedstat")
            ? long.Parse(File.ReadAllText("/proc/thread-self/schedstat").Split(' ')[0], CultureInfo.InvariantCulture) / 1e6
            : null;

    private static (double Generate, double? GenerateCpu, double Incremental, double Emit) Measure(CSharpCompilation compilation)
    {
        var cpu = ThreadCpuMilliseconds();
        var driver = GeneratorHarness.Driver(track: false).RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var diagnostics);
        cpu = ThreadCpuMilliseconds() - cpu;
        Assert.Empty(diagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning));
        var generate = driver.GetTimingInfo().ElapsedTime.TotalMilliseconds;

        var tree = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(tree.GetText().ToString().Replace("x * 2", "x * 3", StringComparison.Ordinal), GeneratorHarness.ParseOptions, tree.FilePath));
        var incremental = driver.RunGenerators(edited).GetTimingInfo().ElapsedTime.TotalMilliseconds;

        var watch = Stopwatch.StartNew();
        using var stream = new MemoryStream();
        var result = generated.Emit(stream);
        watch.Stop();
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Take(5)));
        return (generate, cpu, incremental, watch.Elapsed.TotalMilliseconds);
    }

    private static string Source(int i)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $$"""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Ipvm.Durable;

            namespace Bench.N{{i}};

            public sealed record Item{{i}}(string Sku, int Count, List<string> Tags);

            public static partial class Tasks{{i}}
            {
                [Deterministic]
                public static long Twice{{i}}(long x) => Helpers{{i}}.Clamp(x * 2);

                [Idempotent]
                public static Task<Item{{i}}> Load{{i}}(string sku) => Task.FromResult(new Item{{i}}(sku, 1, new List<string>()));

                [Effectful]
                public static int Count{{i}}(Item{{i}} item, EffectContext effect) => item.Count;

                [Workflow]
                public static async Task<long> Flow{{i}}(WorkflowContext ctx, long x)
                {
                    var a = await ctx.CallTwice{{i}}Async(x);
                    return await ctx.CallTwice{{i}}Async(a);
                }
            }

            public static class Helpers{{i}}
            {
                public static long Clamp(long x)
                {
                    var y = x;
                    for (var k = 0; k < 3; k++)
                    {
                        y = y > 1000 ? 1000 : y;
                    }

                    return y;
                }
            }
            """);
        return s.ToString();
    }
}
