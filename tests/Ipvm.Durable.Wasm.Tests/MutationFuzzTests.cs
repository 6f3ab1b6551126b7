using Ipvm.Durable.Wasm.Wast;
using Xunit.Abstractions;

namespace Ipvm.Durable.Wasm.Tests;

/// <summary>
/// Seeded mutations of the spec suite's modules: decoding, validating, compiling, instantiating and
/// calling them may only end normally or with the engine's documented exceptions, never anything else.
/// </summary>
public sealed class MutationFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261121;
    private const int Iterations = 10_000;

    [Fact]
    public void Mutated_modules_fail_only_with_documented_exceptions()
    {
        var corpus = Directory.GetFiles(SuiteLocator.SpecSuite(), "*.wasm", SearchOption.AllDirectories)
            .Where(p => !Path.GetFileName(p).StartsWith("simd_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(corpus);
        var random = new Random(Seed);
        var engine = new Engine(new Config { ConsumeFuel = true, CacheModules = false });
        var unexpected = new List<string>();
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Iterations; i++)
        {
            var source = corpus[random.Next(corpus.Length)];
            var bytes = Mutate(File.ReadAllBytes(source), random);
            try
            {
                RunEverything(engine, bytes);
                Count(outcomes, "ran");
            }
            catch (WasmException e)
            {
                Count(outcomes, e.GetType().Name);
            }
            catch (Exception e)
            {
                unexpected.Add($"iteration {i} ({Path.GetFileName(source)}): {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}")));
        Assert.True(unexpected.Count == 0, string.Join(Environment.NewLine, unexpected.Take(20)));
        Assert.True(outcomes.Count > 1, "the mutations should exercise more than one outcome");
    }

    private static void Count(Dictionary<string, int> outcomes, string key) => outcomes[key] = outcomes.GetValueOrDefault(key) + 1;

    private static void RunEverything(Engine engine, byte[] bytes)
    {
        var module = Module.FromBytes(engine, bytes);
        var store = new Store(engine) { Fuel = 20_000, MaxMemoryBytes = 4 << 20 };
        var linker = new Linker(engine);
        SpecTestHost.Define(linker, store);
        var instance = linker.Instantiate(store, module);
        foreach (var export in module.Exports.Where(e => e.Kind == ExternKind.Function))
        {
            var function = instance.GetFunction(export.Name)!;
            store.Fuel = 20_000;
            try
            {
                function.Call([.. function.Type.Parameters.Select(Value.Default)]);
            }
            catch (WasmTrapException)
            {
                // Traps are a documented outcome; keep calling the other exports.
            }
        }
    }

    /// <summary>Opcodes without immediates and common one-byte forms: swapping them in keeps most modules decodable.</summary>
    private static readonly byte[] Opcodes =
        [0x00, 0x01, 0x0B, 0x0F, 0x1A, 0x1B, 0x45, 0x46, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x70, 0x74, 0x76, 0x7C, 0x7F, 0x80, 0x92, 0x95, 0x99, 0xA0, 0xA3, 0xA7, 0xA8, 0xAC, 0xB0, 0xB6, 0xBB, 0xBC, 0xBF, 0xC0, 0xD1];

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && bytes.Count > 8; m++)
        {
            // Code sits at the end of most modules: bias positions towards it.
            var position = random.Next(2) == 0 ? random.Next(8, bytes.Count) : random.Next(Math.Max(8, bytes.Count * 2 / 3), bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[position] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[position] = (byte)random.Next(256); break;
                case 2: bytes.Insert(position, (byte)random.Next(256)); break;
                case 3: bytes.RemoveAt(position); break;
                case 4: bytes[position] = Opcodes[random.Next(Opcodes.Length)]; break;
                default: bytes[position] = (byte)(random.Next(2) == 0 ? 0x00 : 0xFF); break;
            }
        }

        return [.. bytes];
    }
}
