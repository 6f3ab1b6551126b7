using System;
using System.Collections.Generic;
using System.Linq;

namespace Ipvm.Durable.Generators;

/// <summary>
/// Every task of the assembly by the middle of its stub's name (<see cref="TaskSpec.StubPart"/>), the name a workflow's
/// <c>Call{Task}Async</c> uses; where two tasks share one, the first in <see cref="DurableGenerator.Steps.AllTasks"/>
/// order. Built once per run and shared by every workflow's emitter, which would otherwise each index every task.
/// </summary>
internal sealed record TaskIndex(EquatableArray<TaskIndexEntry> Entries)
{
    /// <param name="tasks">The tasks in <see cref="DurableGenerator.Steps.AllTasks"/> order.</param>
    public static TaskIndex Create(EquatableArray<TaskSpec> tasks)
    {
        var first = new Dictionary<string, TaskSpec>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            var stub = task.StubPart;
            if (!first.ContainsKey(stub))
            {
                first.Add(stub, task);
            }
        }

        return new TaskIndex(first.OrderBy(static p => p.Key, StringComparer.Ordinal).Select(static p => new TaskIndexEntry(p.Key, p.Value)).ToEquatableArray());
    }

    /// <summary>The task a workflow calls as <c>Call{<paramref name="stubPart"/>}Async</c>, or null when none of this assembly is.</summary>
    public TaskSpec? Find(string stubPart)
    {
        var entries = Entries.AsSpan();
        int low = 0, high = entries.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(entries[middle].StubPart, stubPart);
            if (order == 0)
            {
                return entries[middle].Task;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return null;
    }
}

/// <summary>One task of a <see cref="TaskIndex"/>, under the stub name part it is found by.</summary>
internal sealed record TaskIndexEntry(string StubPart, TaskSpec Task);
