using System.CommandLine;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm dag encode|decode [FILE]</c>: convert between DAG-JSON and DAG-CBOR.</summary>
internal static class DagCommand
{
    public static Command Create()
    {
        var command = new Command("dag", "Convert IPLD data between DAG-JSON and DAG-CBOR.");
        command.Subcommands.Add(Create("encode", "DAG-JSON in, DAG-CBOR bytes out.", static bytes => DagJson.Decode(bytes), DagCbor.Encode, newline: false));
        command.Subcommands.Add(Create("decode", "DAG-CBOR in, canonical DAG-JSON out.", static bytes => DagCbor.Decode(bytes), DagJson.Encode, newline: true));
        return command;
    }

    private static Command Create(string name, string description, Func<byte[], IpldValue> decode, Func<IpldValue, byte[]> encode, bool newline)
    {
        var file = new Argument<string?>("FILE") { Description = "The input file; standard input when absent or '-'.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command(name, description) { file };
        command.SetAction(result =>
        {
            var path = result.GetValue(file);
            CliOutput.WriteBytes(encode(CliInput.Decode(path, decode)), newlineOnTerminal: newline);
            return 0;
        });
        return command;
    }
}
