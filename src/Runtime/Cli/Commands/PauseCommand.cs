using System.CommandLine;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm pause RUN</c>: ask the process running a run to pause it.</summary>
internal static class PauseCommand
{
    public static Command Create() => RunRequestCommand.Create("pause", "Pause a run: running tasks finish, no new ones start.", RunRequest.Pause, RunStatus.Paused);
}
