using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Tests;

/// <summary>Builders for small workflows over the test ops.</summary>
public static class TestWorkflows
{
    /// <summary>A task running <paramref name="op"/> with <c>{func, args}</c> input.</summary>
    public static WorkflowTask Task(string op, params IpldValue[] args) => Task(op, op.Split('/')[^1], TaskMeta.Empty, args);

    /// <summary>A task with a function name and meta.</summary>
    public static WorkflowTask Task(string op, string func, TaskMeta meta, params IpldValue[] args) =>
        new(new Instruction("ipfs://test", op, IpldMap.Create(("args", IpldList.Create(args)), ("func", func))), meta);

    /// <summary>An <c>await/ok</c> promise for <paramref name="task"/>.</summary>
    public static IpldMap Ok(WorkflowTask task) => Await(task, "await/ok");

    /// <summary>A promise with the given key for <paramref name="task"/>.</summary>
    public static IpldMap Await(WorkflowTask task, string key) => IpldMap.Create((key, new IpldLink(task.InstructionCid)));

    /// <summary>A chain of <paramref name="length"/> <c>test/count</c> tasks, each adding one to the previous.</summary>
    public static Workflow Chain(int length, string op = "test/count", string salt = "")
    {
        var tasks = new List<WorkflowTask>(length);
        for (var i = 0; i < length; i++)
        {
            tasks.Add(i == 0 ? Task(op, "step", TaskMeta.Empty, salt, 0) : Task(op, "step", TaskMeta.Empty, salt, Ok(tasks[i - 1])));
        }

        return new Workflow(tasks);
    }

    /// <summary><paramref name="count"/> independent tasks.</summary>
    public static Workflow Independent(int count, string op = "test/noop", string salt = "") =>
        new(Enumerable.Range(0, count).Select(i => Task(op, "task", TaskMeta.Empty, salt, i)));
}
