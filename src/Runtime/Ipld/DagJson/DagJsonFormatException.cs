namespace Ipvm.Durable.Ipld;

/// <summary>Text that is not valid DAG-JSON: the message names the byte offset and what was expected.</summary>
public sealed class DagJsonFormatException : IpldFormatException
{
    /// <summary>Creates the exception for a problem at <paramref name="offset"/>.</summary>
    public DagJsonFormatException(long offset, string problem)
        : base("DAG-JSON", offset, problem)
    {
    }
}
