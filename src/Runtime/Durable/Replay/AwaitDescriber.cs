using System.Reflection;

namespace Ipvm.Durable.Replay;

/// <summary>
/// Names what suspended workflow code is waiting for, for <see cref="NonDeterminismException"/> messages: it walks
/// from an async method's task through the awaiters its state machine holds to the innermost awaited task, e.g.
/// <c>Orders.PlaceAsync → Orders.WaitAsync → Task.Delay</c>. It reads compiler- and runtime-internal fields by
/// name, only on this error path, and falls back to a plain description when their shape is unknown.
/// </summary>
internal static class AwaitDescriber
{
    private const BindingFlags Fields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private const int MaxDepth = 16;

    /// <summary>Describes the chain of awaits that keeps <paramref name="task"/> from completing.</summary>
    public static string DescribeSuspended(Task task) => Describe(task, 0, pendingOnly: true);

    /// <summary>Describes the await a continuation resumes, given the state posted with it.</summary>
    public static string DescribeContinuation(object? state) =>
        state is Delegate { Target: { } box } ? Describe(box, 0, pendingOnly: false) : "an awaited task";

    private static string Describe(object? task, int depth, bool pendingOnly)
    {
        if (task is null || depth > MaxDepth)
        {
            return "an awaited task";
        }

        try
        {
            var stateMachine = task.GetType().GetField("StateMachine", Fields)?.GetValue(task);
            if (stateMachine is null)
            {
                return Leaf(task);
            }

            var where = MethodName(stateMachine.GetType());
            foreach (var field in stateMachine.GetType().GetFields(Fields))
            {
                if (!field.Name.StartsWith("<>u__", StringComparison.Ordinal))
                {
                    continue;
                }

                var awaited = AwaitedTask(field.GetValue(stateMachine));
                if (awaited is not null && (!pendingOnly || !awaited.IsCompleted))
                {
                    return $"{where} → {Describe(awaited, depth + 1, pendingOnly)}";
                }
            }

            return where;
        }
        catch (Exception e) when (e is FieldAccessException or TargetException or ArgumentException)
        {
            return Leaf(task);
        }
    }

    private static Task? AwaitedTask(object? awaiter) => awaiter?.GetType().GetField("m_task", Fields)?.GetValue(awaiter) as Task;

    private static string MethodName(Type stateMachine)
    {
        // The compiler names an async method's state machine "<Method>d__N" and nests it in the declaring type.
        var name = stateMachine.Name;
        var method = name.StartsWith('<') && name.IndexOf('>', StringComparison.Ordinal) is > 1 and var end ? name[1..end] : name;
        return stateMachine.DeclaringType is { } declaring ? $"{declaring.Name}.{method}" : method;
    }

    private static string Leaf(object task) => task.GetType().Name switch
    {
        "DelayPromise" or "DelayPromiseWithCancellation" => "Task.Delay",
        "TimerQueueTimer" => "a timer",
        _ when task is Task { CreationOptions: var options } && (options & TaskCreationOptions.DenyChildAttach) != 0 => "a Task.Run task",
        var name => $"a {name}",
    };
}
