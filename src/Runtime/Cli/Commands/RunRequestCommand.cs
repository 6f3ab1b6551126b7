using System.CommandLine;

namespace Ipvm.Durable.Cli.Commands;

/// <summary>Pause and cancel: record the request for a live run, or set the status of a run nobody is running.</summary>
internal static class RunRequestCommand
{
    public static Command Create(string name, string description, RunRequest request, RunStatus idleStatus)
    {
        var run = new Argument<string>("RUN") { Description = "The run id." };
        var store = DurableCli.StoreOption();
        var command = new Command(name, description) { run, store };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var db = DurableCli.OpenStore(result.GetValue(store));
            var record = await DurableCli.GetRunAsync(db, result.GetValue(run)!);
            if (record.IsFinished)
            {
                throw new CliException($"the run {record.RunId} is already {record.Status.Lower()}");
            }

            if (record.Status == RunStatus.Running)
            {
                await db.SetRunRequestAsync(record.RunId, request, cancellationToken);
                Console.WriteLine($"run {record.RunId}: {name} requested");
            }
            else
            {
                await db.SetRunStatusAsync(record.RunId, idleStatus, $"{name}d by request", TimeProvider.System.GetUtcNow(), cancellationToken);
                Console.WriteLine($"run {record.RunId}: {idleStatus.Lower()}");
            }

            return 0;
        });
        return command;
    }
}
