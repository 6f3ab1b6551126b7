using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>Promise resolution: replaces every promise in a task's input with the awaited value.</summary>
internal sealed partial class RunScheduler
{
    private Resolution Resolve(RunNode node)
    {
        var promises = node.Task.Run.Promises;
        if (promises.Count == 0)
        {
            return new Resolution(node.Task.Run.Input, null, false);
        }

        var results = new Dictionary<Cid, (TaskState State, TaskResult? Result)>(promises.Count);
        lock (_gate)
        {
            foreach (var promise in promises)
            {
                if (results.ContainsKey(promise.Cid))
                {
                    continue;
                }

                if (_byCid.TryGetValue(promise.Cid, out var upstream))
                {
                    results[promise.Cid] = (upstream.State, upstream.Receipt?.Out);
                }
                else
                {
                    var receipt = node.External![promise.Cid];
                    results[promise.Cid] = (receipt.Out.IsOk ? TaskState.Succeeded : TaskState.Failed, receipt.Out);
                }
            }
        }

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

        return new Resolution(Substitute(node.Task.Run.Input, results), null, false);
    }

    private static IpldValue Substitute(IpldValue value, Dictionary<Cid, (TaskState State, TaskResult? Result)> results)
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

    private readonly record struct Resolution(IpldValue? Input, TaskResult? Failure, bool Skip);
}
