using System.CommandLine;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm add FILE</c>: store a file as a raw block and print its CID (v1, raw, sha2-256).</summary>
internal static class AddCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The file to store (a WebAssembly module, an image...)." };
        var store = DurableCli.StoreOption();
        var command = new Command("add", "Store a file as a raw block and print its CID, so rsc ipfs://<cid> can name it.") { file, store };
        command.SetAction(async (result, cancellationToken) =>
        {
            var bytes = CliInput.ReadAll(result.GetValue(file), int.MaxValue - 64);
            var cid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, bytes);
            await using var db = DurableCli.OpenStore(result.GetValue(store));
            await db.PutBlockAsync(cid, bytes, cancellationToken);
            Console.WriteLine(cid);
            return 0;
        });
        return command;
    }
}
