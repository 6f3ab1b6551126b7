using System.CommandLine;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm cid [FILE] [--hash sha2-256|sha3-256]</c>: the CIDv1 of the DAG-CBOR encoding of DAG-JSON input.</summary>
internal static class CidCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("FILE") { Description = "A DAG-JSON file; standard input when absent or '-'.", Arity = ArgumentArity.ZeroOrOne };
        var hash = new Option<string>("--hash")
        {
            Description = "The multihash: sha2-256 (IPFS's default) or sha3-256 (IPVM objects, as Homestar hashes them).",
            DefaultValueFactory = _ => "sha2-256",
        };
        hash.AcceptOnlyFromAmong("sha2-256", "sha3-256");
        var command = new Command("cid", "Print the CIDv1 (dag-cbor, base32) of the DAG-CBOR encoding of DAG-JSON input.") { file, hash };
        command.SetAction(result =>
        {
            var path = result.GetValue(file);
            var name = result.GetValue(hash)!;
            if (!Multihash.TryParseName(name, out var code))
            {
                throw new CliException($"unknown hash '{name}' (use sha2-256 or sha3-256)");
            }

            var value = CliInput.Decode(path, static bytes => DagJson.Decode(bytes));
            Console.WriteLine(DagCbor.ComputeCid(value, code));
            return 0;
        });
        return command;
    }
}
