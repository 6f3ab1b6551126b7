using Spectre.Console;

namespace Ipvm.Durable.Cli.Commands;

/// <summary>Runs a handle to its end with a progress bar on an interactive terminal, then prints the result.</summary>
internal static class RunProgress
{
    public static async Task<int> RunAsync(DurableEngine engine, string runId, bool json, bool quiet, bool retryEffects, CancellationToken cancellationToken)
    {
        var run = await DurableCli.GetRunAsync(engine.Store, runId);
        var total = run.WorkflowCid is null ? 0 : (await engine.LoadWorkflowAsync(run.WorkflowCid, cancellationToken)).Tasks.Count;
        var finished = 0;
        ProgressTask? bar = null;
        var options = new RunOptions
        {
            RunId = runId,
            RetryInterruptedEffects = retryEffects,
            OnTaskEvent = e =>
            {
                if (e.State != TaskState.Running)
                {
                    // Count every finished task, even those reported before the bar exists (replayed at start).
                    var count = Interlocked.Increment(ref finished);
                    bar?.Value(count);
                }
            },
        };
        IRunHandle handle;
        try
        {
            handle = await engine.ResumeAsync(runId, options, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(e.Message);
        }

        using var registration = cancellationToken.Register(handle.Pause);
        RunResult result;
        if (!json && !quiet && AnsiConsole.Profile.Capabilities.Interactive)
        {
            result = await AnsiConsole.Progress().StartAsync(async context =>
            {
                bar = context.AddTask($"run {runId}", maxValue: Math.Max(total, 1));
                bar.Value(Volatile.Read(ref finished));
                return await handle.Completion;
            });
        }
        else
        {
            result = await handle.Completion;
        }

        await handle.DisposeAsync();
        if (!quiet)
        {
            await StatusView.PrintAsync(engine.Store, runId, json);
        }

        if (result.Status != RunStatus.Completed)
        {
            // The table above is for people; scripts and logs get one line on standard error saying why.
            await Console.Error.WriteLineAsync($"ipvm: run {runId} {result.Status.ToString().ToLowerInvariant()}: {result.Error ?? "see the task table"}");
            return 1;
        }

        return 0;
    }
}
