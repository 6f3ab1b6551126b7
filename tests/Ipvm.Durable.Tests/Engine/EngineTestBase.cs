using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Testing;

namespace Ipvm.Durable.Tests.Engine;

/// <summary>An engine over the in-memory store with the test ops and an execution counter.</summary>
public abstract class EngineTestBase
{
    protected EngineTestBase()
    {
        Store = new InMemoryDurableStore();
        Ops = new OpRegistry().AddTestOps();
        Ops.Register("count/add", EffectClass.Pure, c =>
        {
            Executions.AddOrUpdate(c.Task.InstructionCid, 1, (_, n) => n + 1);
            return TaskResult.Ok(Sum(c.Input));
        });
        Engine = new DurableEngine(Store, Ops, new DurableEngineOptions { MaxParallelism = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1), ControlPollInterval = TimeSpan.FromMilliseconds(20) });
    }

    protected InMemoryDurableStore Store { get; }

    protected OpRegistry Ops { get; }

    protected DurableEngine Engine { get; set; }

    protected ConcurrentDictionary<Cid, int> Executions { get; } = new();

    protected int ExecutionCount => Executions.Values.Sum();

    protected static IpldInteger Sum(IpldValue input)
    {
        Int128 sum = 0;
        if (input is IpldMap map && map.GetValueOrDefault("args") is IpldList args)
        {
            foreach (var arg in args.Items)
            {
                sum += arg is IpldInteger n ? n.Value : 0;
            }
        }

        return IpldInteger.From(sum);
    }

    protected static WorkflowTask T(string op, params IpldValue[] args) => TestWorkflows.Task(op, args);
}
