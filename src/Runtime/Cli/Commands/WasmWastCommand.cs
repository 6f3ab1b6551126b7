using System.CommandLine;
using Ipvm.Durable.Wasm.Wast;

namespace Ipvm.Durable.Cli.Commands;

/// <summary>
/// <c>ipvm wasm wast DIR-OR-FILE</c>: runs wast2json output (a script's .json beside its modules, or a folder
/// of such scripts), prints a row per script with its failures, and a closing <c>N passed, N failed, N skipped</c>.
/// </summary>
internal static class WasmWastCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("DIR-OR-FILE") { Description = "A wast2json .json script, or a folder searched for them." };
        var command = new Command("wast", "Run WebAssembly spec scripts converted by wast2json.") { target };
        command.SetAction(result => Run(result.GetValue(target)!));
        return command;
    }

    private static int Run(string target)
    {
        var scripts = File.Exists(target)
            ? [target]
            : Directory.Exists(target)
                ? Directory.GetFiles(target, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
                : throw new CliException($"{target}: no such file or directory");
        if (scripts.Length == 0)
        {
            throw new CliException($"{target}: no .json scripts found");
        }

        int passed = 0, failed = 0, skipped = 0;
        Console.WriteLine($"{"script",-40} {"passed",8} {"failed",8} {"skipped",8}");
        foreach (var script in scripts)
        {
            var result = WastRunner.Run(script);
            Console.WriteLine($"{result.Name,-40} {result.Passed,8} {result.Failed,8} {result.Skipped,8}");
            if (result.Failed > 0)
            {
                Console.WriteLine(result.DescribeFailures());
            }

            passed += result.Passed;
            failed += result.Failed;
            skipped += result.Skipped;
        }

        Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
        return failed == 0 ? 0 : 1;
    }
}
