using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable;

/// <summary>
/// The .NET tasks a host can run, keyed by the <c>rsc</c> their instructions carry (the task's name and code
/// version). Generated registration code adds every task of an assembly here, with no reflection.
/// </summary>
public sealed class DotnetTaskRegistry
{
    /// <summary>The op of instructions that run .NET tasks.</summary>
    public const string Op = "dotnet/run";

    private readonly ConcurrentDictionary<string, DotnetTask> _byResource = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="task"/>; a second task with the same resource must be the same task.</summary>
    public DotnetTaskRegistry Add(DotnetTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Descriptor.Op != Op)
        {
            throw new ArgumentException($"A .NET task's op must be '{Op}', not '{task.Descriptor.Op}'.", nameof(task));
        }

        var existing = _byResource.GetOrAdd(task.Descriptor.Resource, task);
        if (!ReferenceEquals(existing, task) && existing.Descriptor != task.Descriptor)
        {
            throw new InvalidOperationException($"Two tasks claim the resource '{task.Descriptor.Resource}': '{existing.Descriptor.Name}' and '{task.Descriptor.Name}'.");
        }

        return this;
    }

    /// <summary>Registers a task from its descriptor and handler.</summary>
    public DotnetTaskRegistry Add(TaskDescriptor descriptor, DotnetTaskHandler handler) => Add(new DotnetTask(descriptor, handler));

    /// <summary>Finds the task an instruction's <c>rsc</c> names.</summary>
    public bool TryGet(string resource, [NotNullWhen(true)] out DotnetTask? task) => _byResource.TryGetValue(resource, out task);

    /// <summary>The registered tasks, ordered by resource.</summary>
    public IReadOnlyList<DotnetTask> Tasks => [.. _byResource.Values.OrderBy(t => t.Descriptor.Resource, StringComparer.Ordinal)];
}
