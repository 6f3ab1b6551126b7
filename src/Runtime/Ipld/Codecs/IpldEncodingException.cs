namespace Ipvm.Durable.Ipld;

/// <summary>A value that a codec cannot represent: NaN or an infinity, or a string that is not valid Unicode.</summary>
public sealed class IpldEncodingException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public IpldEncodingException(string message)
        : base(message)
    {
    }
}
