namespace Ipvm.Durable.Ipld;

public static partial class DagJson
{
    /// <summary>
    /// Decodes exactly one DAG-JSON value from UTF-8 text; throws <see cref="DagJsonFormatException"/>.
    /// </summary>
    /// <remarks>
    /// <para>Whitespace between tokens is allowed and map keys may come in any order; duplicate keys,
    /// comments, trailing commas and anything after the value are rejected.</para>
    /// <para>A number with a <c>.</c> or an exponent is a float; any other number is an integer, unless
    /// it lies outside -2^64..2^64-1, in which case it is read as the nearest float64, as Homestar and
    /// libipld do. A float that overflows to infinity is rejected.</para>
    /// <para><c>{"/":"cid"}</c> (exactly one key, a string value) is a link and its CID must parse;
    /// <c>{"/":{"bytes":"base64"}}</c> (exactly that shape) is a byte string, standard base64 with or
    /// without padding. Any other map with a <c>"/"</c> key is read as a plain map, as the JavaScript
    /// implementation does for shapes it does not recognize.</para>
    /// </remarks>
    public static IpldValue Decode(ReadOnlySpan<byte> utf8, IpldDecodeLimits? limits = null) =>
        new DagJsonReader(utf8, limits).ReadSingleValue();
}
