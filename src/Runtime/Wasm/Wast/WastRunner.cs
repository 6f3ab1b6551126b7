using System.Text.Json;

namespace Ipvm.Durable.Wasm.Wast;

/// <summary>
/// Runs a spec script converted by wast2json: instantiates its modules, performs its actions and checks
/// every assertion. Text-format modules are skipped (the engine reads binaries only), as are SIMD scripts.
/// </summary>
public sealed partial class WastRunner
{
    private readonly string _directory;
    private readonly Engine _engine;
    private readonly Store _store;
    private readonly Linker _linker;
    private readonly Dictionary<string, Instance> _named = new(StringComparer.Ordinal);
    private Instance? _current;

    private WastRunner(string directory, Config? config)
    {
        _directory = directory;
        _engine = new Engine(config ?? new Config());
        _store = new Store(_engine);
        _linker = new Linker(_engine);
        SpecTestHost.Define(_linker, _store);
    }

    /// <summary>Runs the script in <paramref name="jsonPath"/> (its modules are read beside it).</summary>
    public static WastScriptResult Run(string jsonPath, Config? config = null)
    {
        ArgumentNullException.ThrowIfNull(jsonPath);
        var name = Path.GetFileNameWithoutExtension(jsonPath);
        var result = new WastScriptResult(name);
        using var document = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        var commands = document.RootElement.GetProperty("commands");
        if (name.StartsWith("simd_", StringComparison.Ordinal))
        {
            foreach (var command in commands.EnumerateArray())
            {
                result.Commands.Add(new WastCommandResult(Line(command), Kind(command), WastOutcome.Skipped, "SIMD not implemented"));
            }

            return result;
        }

        var runner = new WastRunner(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!, config);
        foreach (var command in commands.EnumerateArray())
        {
            WastCommandResult outcome;
            try
            {
                outcome = runner.Execute(command);
            }
#pragma warning disable CA1031 // A spec runner records every failure, whatever its type, and continues.
            catch (Exception e)
#pragma warning restore CA1031
            {
                outcome = new WastCommandResult(Line(command), Kind(command), WastOutcome.Failed, $"{e.GetType().Name}: {e.Message}");
            }

            result.Commands.Add(outcome);
        }

        return result;
    }

    private static int Line(JsonElement command) => command.TryGetProperty("line", out var line) ? line.GetInt32() : 0;

    private static string Kind(JsonElement command) => command.GetProperty("type").GetString() ?? "?";

    private WastCommandResult Execute(JsonElement command)
    {
        var kind = Kind(command);
        var line = Line(command);
        WastCommandResult Pass() => new(line, kind, WastOutcome.Passed, null);
        WastCommandResult Fail(string message) => new(line, kind, WastOutcome.Failed, message);
        WastCommandResult Skip(string message) => new(line, kind, WastOutcome.Skipped, message);

        switch (kind)
        {
            case "module":
            {
                var instance = Instantiate(command.GetProperty("filename").GetString()!);
                _current = instance;
                if (command.TryGetProperty("name", out var name))
                {
                    _named[name.GetString()!] = instance;
                }

                return Pass();
            }

            case "register":
            {
                var instance = command.TryGetProperty("name", out var name) ? _named[name.GetString()!] : _current!;
                _linker.DefineInstance(command.GetProperty("as").GetString()!, instance);
                return Pass();
            }

            case "action":
                if (UsesVectors(command))
                {
                    return Skip("v128 values: SIMD not implemented");
                }

                Perform(command.GetProperty("action"));
                return Pass();
            case "assert_return":
                return UsesVectors(command) ? Skip("v128 values: SIMD not implemented") : AssertReturn(command, Pass, Fail);
            case "assert_trap" or "assert_exhaustion":
                return UsesVectors(command) ? Skip("v128 values: SIMD not implemented") : AssertTrap(command, kind == "assert_exhaustion", Pass, Fail);
            case "assert_invalid" or "assert_malformed" or "assert_unlinkable" or "assert_uninstantiable":
                if (command.GetProperty("module_type").GetString() != "binary")
                {
                    return Skip("text-format module: the engine reads binaries only");
                }

                return AssertModuleFails(command, kind, Pass, Fail);
            default:
                return Skip($"unknown command {kind}");
        }
    }

    private static bool UsesVectors(JsonElement command)
    {
        var action = command.GetProperty("action");
        var values = action.TryGetProperty("args", out var args) ? args.EnumerateArray().ToList() : [];
        if (command.TryGetProperty("expected", out var expected))
        {
            values.AddRange(expected.EnumerateArray());
        }

        return values.Any(WastValues.IsVector);
    }

    private Instance Instantiate(string fileName)
    {
        var module = Module.FromBytes(_engine, File.ReadAllBytes(Path.Combine(_directory, fileName)));
        return _linker.Instantiate(_store, module);
    }

    private Value[] Perform(JsonElement action)
    {
        var instance = action.TryGetProperty("module", out var module) ? _named[module.GetString()!] : _current!;
        var field = action.GetProperty("field").GetString()!;
        if (action.GetProperty("type").GetString() == "get")
        {
            var global = instance.GetGlobal(field) ?? throw new InvalidOperationException($"no global export \"{field}\"");
            return [global.Value];
        }

        var function = instance.GetFunction(field) ?? throw new InvalidOperationException($"no function export \"{field}\"");
        var arguments = action.GetProperty("args").EnumerateArray().Select(WastValues.Parse).ToArray();
        return function.Call(arguments);
    }
}
