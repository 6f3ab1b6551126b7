using System.Text;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.CrashTesting;

/// <summary>The crash test's workflow and op, shared by the child process and the test.</summary>
public static class CrashWorkflow
{
    /// <summary>The op: appends the instruction CID to the side file, waits a little, returns 1 + the sum of its integer args.</summary>
    public const string Op = "crash/step";

    /// <summary>200 tasks in 20 chains of 10, each task also awaiting the task 20 before it.</summary>
    public static Workflow Create(int count = 200)
    {
        var tasks = new List<WorkflowTask>(count);
        for (var i = 0; i < count; i++)
        {
            var args = new List<IpldValue> { i };
            if (i % 10 != 0)
            {
                args.Add(Ok(tasks[i - 1]));
            }

            if (i >= 20)
            {
                args.Add(Ok(tasks[i - 20]));
            }

            tasks.Add(new WorkflowTask(new Instruction("crash:test", Op, IpldMap.Create(("args", IpldList.Create(args)), ("func", "step")))));
        }

        return new Workflow(tasks, "crash");
    }

    /// <summary>Registers <see cref="Op"/>, counting into <paramref name="countFile"/>.</summary>
    public static OpRegistry Register(OpRegistry registry, string? countFile, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var gate = new Lock();
        return registry.Register(Op, EffectClass.Idempotent, async c =>
        {
            if (countFile is not null)
            {
                lock (gate)
                {
                    File.AppendAllText(countFile, c.Task.InstructionCid + "\n", Encoding.UTF8);
                }
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, c.CancellationToken);
            }

            Int128 sum = 1;
            foreach (var arg in c.Input.AsMap()["args"].AsList().Items)
            {
                sum += ((IpldInteger)arg).Value;
            }

            return TaskResult.Ok(IpldInteger.From(sum % 1_000_000_007));
        });
    }

    private static IpldMap Ok(WorkflowTask task) => IpldMap.Create(("await/ok", new IpldLink(task.InstructionCid)));
}
