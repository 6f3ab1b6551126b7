namespace Ipvm.Durable.Ipld;

/// <summary>
/// A CAR file that cannot be read: a bad header, a malformed or oversized section, truncation, or a block
/// whose data does not hash to its CID. <see cref="IpldFormatException.Offset"/> is counted from the
/// start of the CAR.
/// </summary>
public sealed class CarFormatException : IpldFormatException
{
    /// <summary>Creates the exception for a problem at <paramref name="offset"/>.</summary>
    public CarFormatException(long offset, string problem)
        : base("CAR", offset, problem)
    {
    }
}
