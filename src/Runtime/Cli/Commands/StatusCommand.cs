using System.CommandLine;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm status RUN [--json]</c>: a run's status and its tasks.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "The run id." };
        var store = DurableCli.StoreOption();
        var json = DurableCli.JsonOption();
        var command = new Command("status", "Show a run's status, its tasks (replayed or ran) and its outputs.") { run, store, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var db = DurableCli.OpenStore(result.GetValue(store));
            await StatusView.PrintAsync(db, result.GetValue(run)!, result.GetValue(json));
            await QueueRun.PrintWaitingAsync(db, result.GetValue(run)!, result.GetValue(json));
            return 0;
        });
        return command;
    }
}
