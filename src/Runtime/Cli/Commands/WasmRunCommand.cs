using System.CommandLine;
using Ipvm.Durable.Wasm;

namespace Ipvm.Durable.Cli.Commands;

/// <summary>
/// <c>ipvm wasm run MODULE --invoke FUNC [ARGS...] [--fuel N] [--max-memory BYTES] [--timeout MS]</c>: instantiates
/// a module without imports, calls one export and prints its results one per line, like <c>wasmtime run --invoke</c>.
/// </summary>
internal static class WasmRunCommand
{
    public static Command Create()
    {
        var module = new Argument<string>("MODULE") { Description = "A .wasm file." };
        var arguments = new Argument<string[]>("ARGS") { Description = "Arguments, parsed by the function's parameter types.", Arity = ArgumentArity.ZeroOrMore };
        var invoke = new Option<string?>("--invoke") { Description = "The exported function to call (default: _start)." };
        var fuel = new Option<long?>("--fuel") { Description = "Fuel to run with (one unit per operator); out of fuel traps." };
        var maxMemory = new Option<long?>("--max-memory") { Description = "Maximum memory size in bytes; memory.grow past it returns -1." };
        var timeout = new Option<long?>("--timeout") { Description = "Interrupt the module after this many milliseconds (wall time)." };
        var command = new Command("run", "Call an exported function of a module and print its results.") { module, arguments, invoke, fuel, maxMemory, timeout };
        command.SetAction(result => Run(
            result.GetValue(module)!, result.GetValue(invoke) ?? "_start", result.GetValue(arguments) ?? [], result.GetValue(fuel), result.GetValue(maxMemory), result.GetValue(timeout)));
        return command;
    }

    private static int Run(string path, string functionName, string[] arguments, long? fuel, long? maxMemory, long? timeout)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: no such file");
        }

        if (fuel is < 0 || maxMemory is < 0)
        {
            throw new CliException("--fuel and --max-memory must not be negative");
        }

        if (timeout is <= 0 or > int.MaxValue)
        {
            throw new CliException($"--timeout must be 1 to {int.MaxValue} milliseconds");
        }

        var engine = new Engine(new Config { ConsumeFuel = fuel is not null });
        var store = new Store(engine);
        if (fuel is { } f)
        {
            store.Fuel = f;
        }

        if (maxMemory is { } m)
        {
            store.MaxMemoryBytes = m;
        }

        using var deadline = timeout is { } ms ? new CancellationTokenSource(TimeSpan.FromMilliseconds(ms)) : null;
        using var interruption = deadline?.Token.Register(store.Interrupt);
        try
        {
            var instance = new Linker(engine).Instantiate(store, Module.FromFile(engine, path));
            var function = instance.GetFunction(functionName) ?? throw new CliException($"{path}: no exported function '{functionName}'");
            var values = WasmValueParser.Parse(function.Type, arguments);
            foreach (var value in function.Call(values))
            {
                Console.WriteLine(value.ToString());
            }

            return 0;
        }
        catch (WasmTrapException trap) when (trap.Code == TrapCode.Interrupted)
        {
            throw new CliException($"wasm trap: {trap.Code} (timed out after {timeout} ms, --timeout)");
        }
        catch (WasmTrapException trap)
        {
            throw new CliException($"wasm trap: {trap.Code} ({trap.Message})");
        }
        catch (WasmException e)
        {
            throw new CliException($"{path}: {e.Message}");
        }
    }
}
