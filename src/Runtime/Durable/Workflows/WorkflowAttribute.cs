namespace Ipvm.Durable;

/// <summary>
/// Marks an orchestration: an <c>async</c> method returning <see cref="Task"/> or <see cref="Task{TResult}"/> whose
/// first parameter is a <see cref="WorkflowContext"/>. Its code must be deterministic (the analyzers check it) and
/// reaches effects only through the context; it runs by replay, and its result is a receipt too.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class WorkflowAttribute : Attribute
{
    /// <summary>The workflow's name in receipts and on the command line; the method's name when unset.</summary>
    public string? Name { get; set; }

    /// <summary>An explicit code version; when unset the version is the hash of the workflow's code.</summary>
    public string? Version { get; set; }
}
