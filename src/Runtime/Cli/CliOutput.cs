namespace Ipvm.Durable.Cli;

/// <summary>Writes bytes to standard output exactly, as encoders' output must not be re-encoded as text.</summary>
internal static class CliOutput
{
    public static void WriteBytes(ReadOnlySpan<byte> bytes, bool newlineOnTerminal = false)
    {
        using var stdout = Console.OpenStandardOutput();
        stdout.Write(bytes);
        if (newlineOnTerminal && !Console.IsOutputRedirected)
        {
            stdout.WriteByte((byte)'\n');
        }
    }
}
