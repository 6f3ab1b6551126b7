using System.CommandLine;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm wasm run|wast</c>: the WebAssembly engine from the command line.</summary>
internal static class WasmCommand
{
    public static Command Create()
    {
        var command = new Command("wasm", "Run WebAssembly modules and spec scripts with the built-in engine.");
        command.Subcommands.Add(WasmRunCommand.Create());
        command.Subcommands.Add(WasmWastCommand.Create());
        return command;
    }
}
