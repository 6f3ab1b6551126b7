using System.CommandLine;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm receipts [--run RUN]</c>: list receipts (CID, instruction, ok or error).</summary>
internal static class ReceiptsCommand
{
    public static Command Create()
    {
        var run = new Option<string?>("--run") { Description = "Only the receipts of this run's tasks." };
        var store = DurableCli.StoreOption();
        var command = new Command("receipts", "List receipts: receipt CID, instruction CID, ok or error.") { run, store };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var db = DurableCli.OpenStore(result.GetValue(store));
            var cids = result.GetValue(run) is { } runId
                ? (await db.GetTasksAsync((await DurableCli.GetRunAsync(db, runId)).RunId, cancellationToken)).Where(t => t.ReceiptCid is not null).Select(t => t.ReceiptCid!).Distinct().ToList()
                : [.. await db.ListReceiptsAsync(cancellationToken)];
            foreach (var cid in cids)
            {
                var receipt = await db.GetReceiptAsync(cid, cancellationToken);
                Console.WriteLine(receipt is null
                    ? $"{cid}\t-\tcorrupt"
                    : $"{cid}\t{receipt.InstructionCid?.ToString() ?? "-"}\t{(receipt.Out.IsOk ? "ok" : "error")}");
            }

            return 0;
        });
        return command;
    }
}
