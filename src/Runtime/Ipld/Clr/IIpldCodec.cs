namespace Ipvm.Durable.Ipld;

/// <summary>Converts values of a CLR type to and from the IPLD data model, without reflection.</summary>
/// <typeparam name="T">The CLR type.</typeparam>
public interface IIpldCodec<T>
{
    /// <summary>The IPLD form of <paramref name="value"/>.</summary>
    IpldValue Encode(T value);

    /// <summary>Reads a <typeparamref name="T"/>; throws <see cref="FormatException"/> naming what was expected.</summary>
    T Decode(IpldValue value);
}
