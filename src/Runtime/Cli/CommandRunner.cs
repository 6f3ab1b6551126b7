using System.CommandLine;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Cli;

/// <summary>
/// Runs the command tree and turns every failure into one line on standard error and an exit code:
/// a user's bad input never shows a stack trace (set IPVM_DEBUG=1 to see one).
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        try
        {
            return await root.Parse(args).InvokeAsync(configuration);
        }
        catch (CliException e)
        {
            return Fail(e.Message, e.ExitCode);
        }
        catch (IpldFormatException e)
        {
            return Fail(e.Message, 1);
        }
        catch (OperationCanceledException)
        {
            return Fail("cancelled", 130);
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("IPVM_DEBUG") != "1")
        {
            return Fail($"unexpected {e.GetType().Name}: {e.Message}", 1);
        }
    }

    private static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine("ipvm: " + message);
        return exitCode;
    }
}
