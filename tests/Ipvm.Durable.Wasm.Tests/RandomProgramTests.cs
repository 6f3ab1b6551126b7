using Xunit.Abstractions;

namespace Ipvm.Durable.Wasm.Tests;

/// <summary>Random valid programs compile, run deterministically and end only normally or with a trap.</summary>
public sealed class RandomProgramTests(ITestOutputHelper output)
{
    [Fact]
    public void Random_valid_programs_run_deterministically()
    {
        var random = new Random(4242);
        var outcomes = new List<string>();
        for (var program = 0; program < 300; program++)
        {
            var bytes = new RandomProgram(random).Build(functions: 4);
            var first = RunAll(bytes);
            var second = RunAll(bytes);
            Assert.True(first == second, $"program {program} ran differently twice:\n{first}\n{second}");
            outcomes.AddRange(first.Split('\n').Where(l => l.StartsWith('f')).Select(l => l.Contains("trap", StringComparison.Ordinal) ? l[(l.IndexOf("trap", StringComparison.Ordinal) + 5)..].Trim() : "returned"));
        }

        output.WriteLine(string.Join(", ", outcomes.GroupBy(o => o).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.Contains("returned", outcomes);
    }

    private static string RunAll(byte[] bytes)
    {
        var engine = new Engine(new Config { ConsumeFuel = true, CacheModules = false });
        var store = new Store(engine);
        var instance = new Linker(engine).Instantiate(store, Module.FromBytes(engine, bytes));
        var log = new System.Text.StringBuilder();
        foreach (var export in instance.Module.Exports.Where(e => e.Kind == ExternKind.Function))
        {
            var function = instance.GetFunction(export.Name)!;
            store.Fuel = 50_000;
            try
            {
                var results = function.Call([.. function.Type.Parameters.Select((p, i) => Argument(p, i))]);
                log.AppendLine($"{export.Name}: {string.Join(' ', results.Select(r => r.Bits))}");
            }
            catch (WasmTrapException trap)
            {
                log.AppendLine($"{export.Name}: trap {trap.Code}");
            }
        }

        log.AppendLine(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(instance.GetMemory("memory")!.Span)));
        return log.ToString();
    }

    private static Value Argument(ValueKind kind, int index) => kind switch
    {
        ValueKind.I32 => Value.FromInt32(index * 7 - 3),
        ValueKind.I64 => Value.FromInt64(index * 1_000_000_007L),
        ValueKind.F32 => Value.FromSingle(index + 0.5f),
        _ => Value.FromDouble(index - 2.25),
    };
}
