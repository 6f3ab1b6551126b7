using System.CommandLine;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm resume RUN</c>: continue a paused, parked, failed or interrupted run in the foreground.</summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "The run id." };
        var store = DurableCli.StoreOption();
        var json = DurableCli.JsonOption();
        var quiet = new Option<bool>("--quiet") { Description = "Print nothing; the exit code tells." };
        var retryEffects = new Option<bool>("--retry-effects") { Description = "Run again an effectful task that was interrupted after it started." };
        var command = new Command("resume", "Continue a run: tasks with receipts are not run again.") { run, store, json, quiet, retryEffects };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var db = DurableCli.OpenStore(result.GetValue(store));
            var engine = DurableCli.CreateEngine(db);
            return await RunProgress.RunAsync(engine, result.GetValue(run)!, result.GetValue(json), result.GetValue(quiet), result.GetValue(retryEffects), cancellationToken);
        });
        return command;
    }
}
