using System.CommandLine;
using System.Diagnostics;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm run FILE</c>: validate, store and run a workflow file; exit 0 completed, 1 otherwise, 2 invalid.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "An IPVM/Homestar workflow file, DAG-JSON or DAG-CBOR, with or without the {name, workflow} envelope." };
        var store = DurableCli.StoreOption();
        var json = DurableCli.JsonOption();
        var detach = new Option<bool>("--detach") { Description = "Print the run id and return; a background process runs the workflow." };
        var parallelism = new Option<int?>("--parallelism") { Description = "Tasks run at once (default: processor count)." };
        var command = new Command("run", "Validate and run a workflow, reusing every receipt that already exists.") { file, store, json, detach, parallelism };
        command.SetAction(async (result, cancellationToken) =>
        {
            var workflow = DurableCli.ReadWorkflow(result.GetValue(file)!);
            await using var db = DurableCli.OpenStore(result.GetValue(store));
            var engine = DurableCli.CreateEngine(db, result.GetValue(parallelism));
            if (db is Postgres.PostgresDurableStore shared)
            {
                // A shared store runs through its queue: workers anywhere (ipvm worker) take the tasks.
                return await QueueRun.RunAsync(shared, engine, workflow, result.GetValue(file)!, result.GetValue(detach), result.GetValue(json), result.GetValue(parallelism), cancellationToken);
            }

            string runId;
            try
            {
                runId = await engine.CreateRunAsync(workflow, cancellationToken: cancellationToken);
            }
            catch (WorkflowValidationException e)
            {
                throw new CliException($"{CliInput.Describe(result.GetValue(file))}: invalid workflow: {e.Message}", DurableCli.InvalidWorkflow);
            }

            if (!result.GetValue(json))
            {
                Console.WriteLine($"run {runId}");
            }

            if (result.GetValue(detach))
            {
                StartDetached(runId, DurableCli.StoreLocation(result.GetValue(store)));
                if (result.GetValue(json))
                {
                    Console.WriteLine($"{{\"run\":\"{runId}\"}}");
                }

                return 0;
            }

            return await RunProgress.RunAsync(engine, runId, result.GetValue(json), quiet: false, retryEffects: false, cancellationToken);
        });
        return command;
    }

    private static void StartDetached(string runId, string storeLocation)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            info.ArgumentList.Add(typeof(RunCommand).Assembly.Location);
        }

        foreach (var arg in new[] { "resume", runId, "--store", storeLocation, "--quiet" })
        {
            info.ArgumentList.Add(arg);
        }

        using var child = Process.Start(info) ?? throw new CliException("could not start the background process");
    }
}
