using System.CommandLine;
using Ipvm.Durable.Postgres;
using Ipvm.Durable.Sqlite;
using Npgsql;
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
        Description = "The store: a directory (SQLite) or a postgres://user@host:port/db URL (default: $IPVM_STORE, else .ipvm in the current directory).",
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print stable JSON (see docs/cli-json.md)." };

    public static string StoreDirectory(string? option)
    {
        var env = Environment.GetEnvironmentVariable("IPVM_STORE");
        return Path.GetFullPath(option ?? (string.IsNullOrEmpty(env) ? ".ipvm" : env));
    }

    /// <summary>The store the option (or $IPVM_STORE) names: a <c>postgres://</c> URL as given, else the full path of the store directory.</summary>
    public static string StoreLocation(string? option)
    {
        var env = Environment.GetEnvironmentVariable("IPVM_STORE");
        var value = option ?? (string.IsNullOrEmpty(env) ? ".ipvm" : env);
        return PostgresUrl.IsUrl(value) ? value : Path.GetFullPath(value);
    }

    /// <summary>Opens the SQLite store in the store directory, or the PostgreSQL store for a <c>postgres://</c> URL.</summary>
    public static IDurableStore OpenStore(string? option)
    {
        var location = StoreLocation(option);
        if (!PostgresUrl.IsUrl(location))
        {
            return SqliteDurableStore.Open(Path.Combine(location, "ipvm.db"));
        }

        try
        {
            return PostgresDurableStore.Open(location);
        }
        catch (FormatException e)
        {
            throw new CliException("--store: " + e.Message);
        }
        catch (NpgsqlException e)
        {
            throw new CliException($"--store: cannot open the PostgreSQL store at {new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(location)) { Password = null }}: {e.Message}");
        }
    }

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
