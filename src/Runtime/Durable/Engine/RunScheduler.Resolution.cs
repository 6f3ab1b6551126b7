using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>Promise resolution: gathers what a task awaits from the run's graph, then <see cref="PromiseResolver"/>.</summary>
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

        return PromiseResolver.Resolve(node.Task.Run, results);
    }
}
