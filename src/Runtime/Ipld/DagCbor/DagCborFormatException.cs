namespace Ipvm.Durable.Ipld;

/// <summary>Bytes that are not strict, canonical DAG-CBOR: the message names the byte offset and what was expected.</summary>
public sealed class DagCborFormatException : IpldFormatException
{
    /// <summary>Creates the exception for a problem at <paramref name="offset"/>.</summary>
    public DagCborFormatException(long offset, string problem)
        : base("DAG-CBOR", offset, problem)
    {
    }
}
