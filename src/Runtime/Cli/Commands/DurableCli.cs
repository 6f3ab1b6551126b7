using System.CommandLine;
using Ipvm.Durable.Sqlite;
using Ipvm.Durable.Testing;

namespace Ipvm.Durable.Cli.Commands;

/// <summary>What the durable commands share: the store option, opening the store and engine, reading workflow files.</summary>
internal static class DurableCli
{
    /// <summary>Exit code of a workflow that does not parse or validate.</summary>
    public const int InvalidWorkflow = 2;

    /// <summary>Registers more ops (such as <c>wasm/run</c>) before any engine is created; set by Program.cs.</summary>
    public static Action<OpRegistry>? ConfigureOps { get; set; }

    public static Option<string?> StoreOption() => new("--store")
    {
        Description = "The store directory (default: $IPVM_STORE, else .ipvm in the current directory).",
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print stable JSON (see docs/cli-json.md)." };

    public static string StoreDirectory(string? option)
    {
        var env = Environment.GetEnvironmentVariable("IPVM_STORE");
        return Path.GetFullPath(option ?? (string.IsNullOrEmpty(env) ? ".ipvm" : env));
    }

    public static SqliteDurableStore OpenStore(string? option) => SqliteDurableStore.Open(Path.Combine(StoreDirectory(option), "ipvm.db"));

    public static DurableEngine CreateEngine(IDurableStore store, int? parallelism = null)
    {
        var ops = new OpRegistry().AddTestOps();
        WasmRunOp.Register(ops, store);
        ConfigureOps?.Invoke(ops);
        var options = new DurableEngineOptions();
        if (parallelism is { } p)
        {
            options.MaxParallelism = p;
        }

        return new DurableEngine(store, ops, options);
    }

    public static Workflow ReadWorkflow(string path)
    {
        var bytes = CliInput.ReadAll(path);
        try
        {
            return WorkflowReader.Read(bytes);
        }
        catch (WorkflowFormatException e)
        {
            throw new CliException($"{CliInput.Describe(path)}: invalid workflow: {e.Message}", InvalidWorkflow);
        }
    }

    public static async Task<RunRecord> GetRunAsync(IDurableStore store, string runId) =>
        await store.GetRunAsync(runId) ?? throw new CliException($"there is no run '{runId}' in the store");

    public static string Lower(this Enum value) => value.ToString().ToLowerInvariant();
}
