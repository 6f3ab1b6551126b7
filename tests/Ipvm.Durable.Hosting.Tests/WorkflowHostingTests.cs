using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ipvm.Durable.Hosting.Tests;

/// <summary>Workflows inside AddIpvmDurable: the client from DI, and runs and timers resumed by the next host.</summary>
public sealed class WorkflowHostingTests : IDisposable
{
    private static readonly TaskDescriptor Double = new("Double", DotnetTaskRegistry.Op, "dotnet:HostingTests/Steps.Double@v1", EffectClass.Idempotent);
    private readonly string _path = HostFixture.NewDatabasePath();
    private readonly ConcurrentDictionary<long, int> _doubled = new();

    public void Dispose() => HostFixture.DeleteDirectory(_path);

    [Fact]
    public async Task A_workflow_waiting_for_an_event_survives_its_host_and_completes_under_the_next()
    {
        string runId;
        using (var host = Build(TimeProvider.System))
        {
            await host.StartAsync();
            var client = host.Services.GetRequiredService<IWorkflowClient>();
            runId = await client.StartAsync("Approve", 21L);
            await WaitUntilAsync(() => _doubled.ContainsKey(21));
            await host.StopAsync();
            Assert.Equal(RunStatus.Running, (await client.GetStatusAsync(runId)).Run.Status);
        }

        using (var host = Build(TimeProvider.System))
        {
            await host.StartAsync(); // resumes the run: its code replays up to the wait
            var client = host.Services.GetRequiredService<IWorkflowClient>();
            await client.RaiseEventAsync(runId, "approved", "yes");
            var result = await client.GetResultAsync(runId).WaitAsync(HostFixture.HangGuard);
            await host.StopAsync();

            Assert.Equal(RunStatus.Completed, result.Status);
            Assert.Equal("42 yes", result.Output!.AsString());
        }

        Assert.Equal(1, _doubled[21]); // the step before the wait came back from its receipt
    }

    [Fact]
    public async Task A_pending_timer_fires_once_under_the_host_that_resumes_its_run()
    {
        string runId;
        using (var host = Build(TimeProvider.System))
        {
            await host.StartAsync();
            runId = await host.Services.GetRequiredService<IWorkflowClient>().StartAsync("Remind", 5L);
            await WaitUntilAsync(() => _doubled.ContainsKey(5));
            await host.StopAsync(); // the one-hour timer is still pending
        }

        using (var host = Build(new ShiftedClock(TimeSpan.FromHours(2))))
        {
            await host.StartAsync();
            var client = host.Services.GetRequiredService<IWorkflowClient>();
            var result = await client.GetResultAsync(runId).WaitAsync(HostFixture.HangGuard);
            await host.StopAsync();

            Assert.Equal(RunStatus.Completed, result.Status);
            Assert.Equal(20L, result.Output!.AsInt64());
            var timers = (await client.GetStatusAsync(runId)).Calls.Where(t => t.Name == "workflow/timer").ToList();
            Assert.Equal(TaskState.Succeeded, Assert.Single(timers).State);
        }

        Assert.Equal(1, _doubled[5]);
        Assert.Equal(1, _doubled[10]);
    }

    [Fact]
    public void A_custom_store_without_a_journal_is_refused_with_what_to_register()
    {
        using var host = HostFixture.Build(o => o.UseStore(static _ => new InMemoryDurableStore()), d => d.AddWorkflows(static _ => { }));

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IWorkflowClient>());

        Assert.Contains("IWorkflowJournal", error.Message, StringComparison.Ordinal);
    }

    private IHost Build(TimeProvider clock) => HostFixture.Build(
        o =>
        {
            o.UseSqlite(_path);
            o.Engine.TimeProvider = clock;
        },
        durable => durable.AddWorkflows(runtime =>
        {
            runtime.Tasks.Add(Double, (x, _) =>
            {
                _doubled.AddOrUpdate(x.AsInt64(), 1, static (_, n) => n + 1);
                return ValueTask.FromResult<IpldValue>(x.AsInt64() * 2);
            });
            runtime.AddWorkflow(new WorkflowDefinition("Approve", "dotnet:HostingTests/Approve@v1", EffectClass.Effectful, static async (context, input) =>
            {
                var doubled = await context.CallTaskAsync(Double, input);
                var answer = await context.WaitForEvent<string>("approved");
                return $"{doubled.AsInt64()} {answer}";
            }));
            runtime.AddWorkflow(new WorkflowDefinition("Remind", "dotnet:HostingTests/Remind@v1", EffectClass.Effectful, static async (context, input) =>
            {
                var doubled = await context.CallTaskAsync(Double, input);
                await context.CreateTimer(TimeSpan.FromHours(1));
                return await context.CallTaskAsync(Double, doubled);
            }));
        }));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(HostFixture.HangGuard);
        while (!condition())
        {
            await Task.Delay(10, guard.Token);
        }
    }

    /// <summary>The system clock moved forward: a timer due within the shift is already due.</summary>
    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
