using System.CommandLine;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm export RUN --car FILE</c>: the workflow, its receipts and stored blocks it names, as CAR v1.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "The run id." };
        var car = new Option<string>("--car") { Description = "The CAR file to write.", Required = true };
        var store = DurableCli.StoreOption();
        var command = new Command("export", "Export a run (workflow block, receipts, stored resources) as a CAR v1 file rooted at the workflow.") { run, car, store };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var db = DurableCli.OpenStore(result.GetValue(store));
            var record = await DurableCli.GetRunAsync(db, result.GetValue(run)!);
            var blocks = new List<(Cid, byte[])>();
            var roots = new List<Cid>();
            if (record.WorkflowCid is { } workflowCid && await db.GetBlockAsync(workflowCid, cancellationToken) is { } workflowBlock)
            {
                roots.Add(workflowCid);
                blocks.Add((workflowCid, workflowBlock));
                var workflow = WorkflowReader.FromIpld(DagCbor.Decode(workflowBlock, IpldDecodeLimits.Trusted));
                foreach (var rsc in workflow.Tasks.Select(t => t.Run.Resource).Distinct(StringComparer.Ordinal))
                {
                    if (rsc.StartsWith("ipfs://", StringComparison.Ordinal) && Cid.TryParse(rsc["ipfs://".Length..], out var resource)
                        && await db.GetBlockAsync(resource, cancellationToken) is { } data)
                    {
                        blocks.Add((resource, data));
                    }
                }
            }

            foreach (var task in await db.GetTasksAsync(record.RunId, cancellationToken))
            {
                if (task.ReceiptCid is { } cid && await db.GetReceiptAsync(cid, cancellationToken) is { } receipt)
                {
                    blocks.Add((cid, receipt.ToBytes()));
                }
            }

            await using var output = File.Create(result.GetValue(car)!);
            var writer = CarWriter.Create(output, roots);
            foreach (var (cid, data) in blocks.DistinctBy(b => b.Item1))
            {
                writer.WriteBlock(cid, data);
            }

            Console.WriteLine($"{result.GetValue(car)}: {blocks.Count} blocks, {writer.BytesWritten} bytes");
            return 0;
        });
        return command;
    }
}
