using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// Promise resolution shared by the in-process scheduler and the queue workers: replaces every promise in a
/// task's input with the awaited value, or says why the task fails or is skipped instead.
/// </summary>
internal static class PromiseResolver
{
    /// <summary>Resolves <paramref name="instruction"/>'s input from the state and result of every instruction it awaits.</summary>
    public static Resolution Resolve(Instruction instruction, IReadOnlyDictionary<Cid, (TaskState State, TaskResult? Result)> results)
    {
        var promises = instruction.Promises;

        // A failure awaited with await/ok fails the task; then anything skipped, or an await/error on success, skips it.
        foreach (var promise in promises)
        {
            var (state, result) = results[promise.Cid];
            if (promise.Selector == PromiseSelector.Ok && state == TaskState.Failed)
            {
                return new Resolution(null, TaskResult.Error($"awaited task {promise.Cid} failed: {result!.Describe()}", promise.Cid), false);
            }
        }

        foreach (var promise in promises)
        {
            var (state, _) = results[promise.Cid];
            if (state == TaskState.Skipped || (promise.Selector == PromiseSelector.Error && state == TaskState.Succeeded))
            {
                return new Resolution(null, null, true);
            }
        }

        return new Resolution(promises.Count == 0 ? instruction.Input : Substitute(instruction.Input, results), null, false);
    }

    private static IpldValue Substitute(IpldValue value, IReadOnlyDictionary<Cid, (TaskState State, TaskResult? Result)> results)
    {
        switch (value)
        {
            case IpldMap map:
                if (Promise.TryRead(map, out var promise))
                {
                    var result = results[promise!.Cid].Result!;
                    return promise.Selector == PromiseSelector.Any ? result.ToIpld() : result.Value;
                }

                var entries = new KeyValuePair<string, IpldValue>[map.Count];
                var changed = false;
                for (var i = 0; i < entries.Length; i++)
                {
                    var (key, inner) = map.Entries[i];
                    var replaced = Substitute(inner, results);
                    changed |= !ReferenceEquals(replaced, inner);
                    entries[i] = new(key, replaced);
                }

                return changed ? IpldMap.Create(entries) : map;
            case IpldList list:
                var items = new IpldValue[list.Count];
                var any = false;
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Substitute(list[i], results);
                    any |= !ReferenceEquals(items[i], list[i]);
                }

                return any ? IpldList.Create(items) : list;
            default:
                return value;
        }
    }
}

/// <summary>The resolved input, or the failure receipt's result, or a skip.</summary>
internal readonly record struct Resolution(IpldValue? Input, TaskResult? Failure, bool Skip);
