using System.CommandLine;
using Ipvm.Durable.Cli;
using Ipvm.Durable.Cli.Commands;

// The `ipvm` command line. Each command lives in its own file under Commands/ and is added here.
var root = new RootCommand("ipvm: content-addressed, durable IPVM workflows for .NET.");
root.Subcommands.Add(CidCommand.Create());
root.Subcommands.Add(DagCommand.Create());
root.Subcommands.Add(AddCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(ResumeCommand.Create());
root.Subcommands.Add(WorkerCommand.Create());
root.Subcommands.Add(StatusCommand.Create());
root.Subcommands.Add(PauseCommand.Create());
root.Subcommands.Add(CancelCommand.Create());
root.Subcommands.Add(ReceiptCommand.Create());
root.Subcommands.Add(ReceiptsCommand.Create());
root.Subcommands.Add(GraphCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(TemplateCommand.Create());
root.Subcommands.Add(WasmCommand.Create());

return await CommandRunner.InvokeAsync(root, args);
