using System.CommandLine;

namespace Ipvm.Durable.Cli.Commands;

/// <summary><c>ipvm template [FILE]</c>: write a commented sample workflow.</summary>
internal static class TemplateCommand
{
    private const string Sample = """
        {
          "//": [
            "A sample IPVM workflow (DAG-JSON). See docs/workflow-file.md and docs/workflow.schema.json.",
            "Each task's 'run' is an instruction {rsc, op, input, nnc}; its CID (dag-cbor, sha3-256) is the memoization key.",
            "'meta' (time in ms, memory in bytes, fuel) is not part of the instruction CID.",
            "{\"await/ok\": {\"/\": CID}} anywhere in 'input' is replaced by that task's result; await/error and await/* exist too.",
            "ipvm run this-file; run it again and every task is replayed from its receipt.",
            "This '//' key is ignored: the runtime reads only 'name' and 'workflow' from the envelope."
          ],
          "name": "sample",
          "workflow": {
            "tasks": [
              {
                "cause": null,
                "meta": { "time": 10000 },
                "prf": [],
                "run": {
                  "input": { "args": [1, 2], "func": "add" },
                  "nnc": "",
                  "op": "test/add",
                  "rsc": "ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
                }
              },
              {
                "cause": null,
                "meta": { "time": 10000 },
                "prf": [],
                "run": {
                  "input": { "args": [{ "await/ok": { "/": "bafyrmihbbn6eqvsxsxsusc22xzusx3q5sdymwy7cejc6azfhqgu24mfuoa" } }], "func": "echo" },
                  "nnc": "",
                  "op": "test/echo",
                  "rsc": "ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
                }
              }
            ]
          }
        }

        """;

    public static Command Create()
    {
        var file = new Argument<string?>("FILE") { Description = "Where to write it; standard output when absent.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("template", "Write a commented sample workflow that runs with the built-in test ops.") { file };
        command.SetAction(result =>
        {
            var text = Sample.Replace("bafyrmihbbn6eqvsxsxsusc22xzusx3q5sdymwy7cejc6azfhqgu24mfuoa", FirstInstructionCid(), StringComparison.Ordinal);
            if (result.GetValue(file) is { } path)
            {
                File.WriteAllText(path, text);
            }
            else
            {
                Console.Write(text);
            }

            return 0;
        });
        return command;
    }

    private static string FirstInstructionCid() =>
        WorkflowReader.Read(System.Text.Encoding.UTF8.GetBytes(Sample)).Tasks[0].InstructionCid.ToString();
}
