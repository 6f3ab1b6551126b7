using System.CommandLine;
using Ipvm.Durable.Cli;
using Ipvm.Durable.Cli.Commands;

// The `ipvm` command line. Each command lives in its own file under Commands/ and is added here.
var root = new RootCommand("ipvm: content-addressed, durable IPVM workflows for .NET.");
root.Subcommands.Add(CidCommand.Create());
root.Subcommands.Add(DagCommand.Create());
root.Subcommands.Add(WasmCommand.Create());

return await CommandRunner.InvokeAsync(root, args);
