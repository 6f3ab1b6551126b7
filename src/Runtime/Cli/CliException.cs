namespace Ipvm.Durable.Cli;

/// <summary>A failure to report to the user as one line, with the exit code the command documents.</summary>
internal sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
