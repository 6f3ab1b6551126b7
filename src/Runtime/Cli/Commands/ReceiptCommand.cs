using System.CommandLine;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm receipt CID</c>: print a receipt as DAG-JSON (a receipt CID, or an instruction CID for its memoized receipt).</summary>
internal static class ReceiptCommand
{
    public static Command Create()
    {
        var cid = new Argument<string>("CID") { Description = "A receipt CID, or an instruction CID." };
        var store = DurableCli.StoreOption();
        var command = new Command("receipt", "Print a receipt as DAG-JSON.") { cid, store };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!Cid.TryParse(result.GetValue(cid), out var parsed, out var error))
            {
                throw new CliException($"'{result.GetValue(cid)}' is not a CID: {error}");
            }

            await using var db = DurableCli.OpenStore(result.GetValue(store));
            var receipt = await db.GetReceiptAsync(parsed, cancellationToken)
                ?? await db.FindReceiptAsync(parsed, cancellationToken)
                ?? throw new CliException($"no receipt {parsed} (nor one for that instruction) in the store");
            Console.WriteLine(DagJson.EncodeToString(DagCbor.Decode(receipt.ToBytes())));
            return 0;
        });
        return command;
    }
}
