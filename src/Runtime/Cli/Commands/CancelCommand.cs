using System.CommandLine;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm cancel RUN</c>: cancel a run for good.</summary>
internal static class CancelCommand
{
    public static Command Create() => RunRequestCommand.Create("cancel", "Cancel a run: running tasks are cancelled and it cannot be resumed.", RunRequest.Cancel, RunStatus.Cancelled);
}
