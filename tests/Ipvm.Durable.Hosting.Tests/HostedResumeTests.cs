using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ipvm.Durable.Hosting.Tests;

public sealed class HostedResumeTests : IDisposable
{
    private readonly string _path = HostFixture.NewDatabasePath();
    private readonly ConcurrentDictionary<string, int> _runs = new();

    public void Dispose() => HostFixture.DeleteDirectory(_path);

    [Fact]
    public async Task A_run_left_unfinished_by_one_host_is_completed_by_the_next()
    {
        var first = Task("count", 1);
        var blocked = Task("block", Await(first));
        var last = Task("count", Await(blocked), 10);
        var workflow = new Workflow([first, blocked, last]);

        // Host 1: "block" waits until it is cancelled, so the run is still going when the host stops.
        string runId;
        var firstRecorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (var host = HostFixture.Build(o => o.UseSqlite(_path).ConfigureOps(r => AddOps(r, blocking: true))))
        {
            await host.StartAsync();
            var engine = host.Services.GetRequiredService<DurableEngine>();
            var handle = await engine.StartAsync(workflow, new RunOptions
            {
                OnTaskEvent = e =>
                {
                    if (e.Index == 0 && e.State == TaskState.Succeeded)
                    {
                        firstRecorded.TrySetResult();
                    }
                },
            });
            runId = handle.RunId;
            await firstRecorded.Task.WaitAsync(HostFixture.HangGuard);

            // The host's shutdown time is already used up: the blocked task is cancelled, not recorded.
            await host.StopAsync(new CancellationToken(canceled: true));
            Assert.Equal(RunStatus.Running, (await handle.Completion).Status);
            Assert.Equal(RunStatus.Running, (await engine.Store.GetRunAsync(runId))!.Status);
            Assert.Empty(engine.LiveRuns);
        }

        // Host 2: the same file; its hosted service resumes the run on start and "block" now answers.
        using (var host = HostFixture.Build(o => o.UseSqlite(_path).ConfigureOps(r => AddOps(r, blocking: false))))
        {
            await host.StartAsync();
            var store = host.Services.GetRequiredService<IDurableStore>();

            var done = await HostFixture.WaitForStatusAsync(store, runId, RunStatus.Completed);
            await host.StopAsync();

            var tasks = await store.GetTasksAsync(done.RunId);
            Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.State));
            Assert.Equal(1, _runs[first.InstructionCid.ToString()]); // not run again by the second host
            Assert.Equal(1, _runs[last.InstructionCid.ToString()]);
            var receipt = await store.FindReceiptAsync(last.InstructionCid);
            Assert.Equal(IpldInteger.From(12), receipt!.Out.Value);
        }
    }

    [Fact]
    public async Task Stopping_the_host_lets_running_tasks_finish_and_leaves_the_run_running()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = Task("slow", 5);
        var after = Task("count", Await(slow));
        using var host = HostFixture.Build(
            o => o.UseSqlite(_path).ConfigureOps(r => AddOps(r, blocking: true)),
            b => b.AddOp("test/slow", EffectClass.Pure, async c =>
            {
                started.TrySetResult();
                await release.Task;
                return TaskResult.Ok(5);
            }));
        await host.StartAsync();
        var engine = host.Services.GetRequiredService<DurableEngine>();
        var handle = await engine.StartAsync(new Workflow([slow, after]));
        await started.Task.WaitAsync(HostFixture.HangGuard);

        var stopping = host.StopAsync();
        release.SetResult();
        await stopping.WaitAsync(HostFixture.HangGuard);

        var result = await handle.Completion;
        Assert.Equal(RunStatus.Running, result.Status);
        var tasks = await engine.Store.GetTasksAsync(handle.RunId);
        Assert.Equal([TaskState.Succeeded], tasks.Select(t => t.State));
        Assert.False(_runs.ContainsKey(after.InstructionCid.ToString()));
    }

    [Fact]
    public async Task Only_pending_and_running_runs_are_resumed()
    {
        var workflows = new Dictionary<RunStatus, Workflow>();
        await using (var store = Sqlite.SqliteDurableStore.Open(_path))
        {
            var now = DateTimeOffset.UnixEpoch;
            foreach (var status in Enum.GetValues<RunStatus>())
            {
                var workflow = new Workflow([Task("count", (int)status, 100)]);
                workflows[status] = workflow;
                await store.PutBlockAsync(workflow.Cid, DagCbor.Encode(workflow.ToIpld()));
                await store.CreateRunAsync(new RunRecord("run-" + status, status, workflow.Cid, null, now, now));
            }
        }

        using var host = HostFixture.Build(o => o.UseSqlite(_path).ConfigureOps(r => AddOps(r, blocking: false)));
        await host.StartAsync();
        var engine = host.Services.GetRequiredService<DurableEngine>();
        await HostFixture.WaitForStatusAsync(engine.Store, "run-Pending", RunStatus.Completed);
        await HostFixture.WaitForStatusAsync(engine.Store, "run-Running", RunStatus.Completed);
        await host.StopAsync();

        foreach (var status in new[] { RunStatus.Paused, RunStatus.Parked, RunStatus.Completed, RunStatus.Failed, RunStatus.Cancelled })
        {
            Assert.Equal(status, (await engine.Store.GetRunAsync("run-" + status))!.Status);
            Assert.False(_runs.ContainsKey(workflows[status].Tasks[0].InstructionCid.ToString()), $"the {status} run was resumed");
        }
    }

    private void AddOps(OpRegistry registry, bool blocking)
    {
        registry.AddTestOps();
        registry.Register("test/count", EffectClass.Pure, c =>
        {
            _runs.AddOrUpdate(c.Task.InstructionCid.ToString(), 1, (_, n) => n + 1);
            Int128 sum = 0;
            foreach (var arg in ((IpldList)((IpldMap)c.Input)["args"]).Items)
            {
                sum += arg is IpldInteger i ? i.Value : 0;
            }

            return TaskResult.Ok(IpldInteger.From(sum + 1));
        });
        registry.Register("test/block", EffectClass.Pure, async c =>
        {
            if (blocking)
            {
                await System.Threading.Tasks.Task.Delay(Timeout.InfiniteTimeSpan, c.CancellationToken);
            }

            return TaskResult.Ok(1);
        });
    }

    private static WorkflowTask Task(string op, params IpldValue[] args) =>
        new(new Instruction("ipfs://hosting-test", "test/" + op, IpldMap.Create(("args", IpldList.Create(args)), ("func", op))));

    private static IpldMap Await(WorkflowTask task) => IpldMap.Create(("await/ok", new IpldLink(task.InstructionCid)));
}
