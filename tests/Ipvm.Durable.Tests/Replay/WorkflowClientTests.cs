using static Ipvm.Durable.Tests.Replay.WorkflowHarness;

namespace Ipvm.Durable.Tests.Replay;

public sealed class WorkflowClientTests
{
    [Fact]
    public async Task A_run_waits_for_its_event_pauses_on_request_and_completes_after_resume()
    {
        var harness = new WorkflowHarness();
        harness.Runtime.AddWorkflow(Workflow("Approval", EffectClass.Effectful, async (ctx, x) =>
        {
            var approved = await ctx.WaitForEvent<long>("approved");
            return await CallAsync(ctx, Charge, x + approved);
        }));
        var client = new WorkflowClient(harness.Runtime, harness.Engine);

        var runId = await client.StartAsync("Approval", 100L);
        await client.PauseAsync(runId);
        var paused = await client.GetResultAsync(runId);
        await client.RaiseEventAsync(runId, "approved", 5L);
        await client.ResumeAsync(runId);
        var completed = await client.GetResultAsync(runId);
        var status = await client.GetStatusAsync(runId);

        Assert.Equal(RunStatus.Paused, paused.Status);
        Assert.Equal(RunStatus.Completed, completed.Status);
        Assert.Equal(105L, completed.Output!.AsInt64());
        Assert.Equal(RunStatus.Completed, status.Run.Status);
        Assert.Contains(status.Calls, call => call.Name == "Charge" && call.State == TaskState.Succeeded);
        Assert.Single(harness.ChargeKeys);
    }

    [Fact]
    public async Task A_cancelled_run_ends_cancelled_and_starts_nothing_more()
    {
        var harness = new WorkflowHarness();
        harness.Runtime.AddWorkflow(Workflow("Waits", EffectClass.Effectful, async (ctx, x) =>
        {
            await ctx.WaitForEvent<long>("never");
            return await CallAsync(ctx, Charge, x);
        }));
        var client = new WorkflowClient(harness.Runtime, harness.Engine);

        var runId = await client.StartAsync("Waits", 1L);
        await client.CancelAsync(runId);
        var result = await client.GetResultAsync(runId);

        Assert.Equal(RunStatus.Cancelled, result.Status);
        Assert.Empty(harness.ChargeKeys);
    }
}
