using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Cli;

/// <summary>Reads a command's input from a file argument or, when there is none or it is "-", standard input, with a size cap.</summary>
internal static class CliInput
{
    public static string Describe(string? path) => path is null or "-" ? "standard input" : $"'{path}'";

    public static byte[] ReadAll(string? path, int maxBytes)
    {
        if (path is null or "-")
        {
            using var stdin = Console.OpenStandardInput();
            return ReadCapped(stdin, maxBytes, "standard input");
        }

        try
        {
            using var file = File.OpenRead(path);
            return ReadCapped(file, maxBytes, $"'{path}'");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read '{path}': {e.Message}");
        }
    }

    public static byte[] ReadAll(string? path) => ReadAll(path, IpldDecodeLimits.Default.MaxInputBytes);

    /// <summary>Reads and decodes the input; a format error names the input and the byte offset.</summary>
    public static IpldValue Decode(string? path, Func<byte[], IpldValue> decode)
    {
        var bytes = ReadAll(path);
        try
        {
            return decode(bytes);
        }
        catch (IpldFormatException e)
        {
            throw new CliException($"{Describe(path)}: {e.Message}");
        }
    }

    private static byte[] ReadCapped(Stream stream, int maxBytes, string name)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new CliException($"{name} is larger than the limit of {maxBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
