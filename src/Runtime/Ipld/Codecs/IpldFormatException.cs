namespace Ipvm.Durable.Ipld;

/// <summary>Malformed encoded IPLD data; <see cref="Offset"/> is where decoding stopped.</summary>
public abstract class IpldFormatException : FormatException
{
    private protected IpldFormatException(string codec, long offset, string problem)
        : base($"Invalid {codec} at byte {offset}: {problem}.")
    {
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The byte offset in the input where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>What was wrong, without the position.</summary>
    public string Problem { get; }
}
