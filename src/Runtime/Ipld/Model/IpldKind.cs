namespace Ipvm.Durable.Ipld;

/// <summary>The kinds of the IPLD data model.</summary>
public enum IpldKind
{
    /// <summary>The null value.</summary>
    Null,
    /// <summary>true or false.</summary>
    Bool,
    /// <summary>A whole number in the CBOR range, -2^64 to 2^64-1.</summary>
    Integer,
    /// <summary>An IEEE 754 binary64 number (never NaN or infinite in DAG-CBOR).</summary>
    Float,
    /// <summary>A Unicode string.</summary>
    String,
    /// <summary>A byte string.</summary>
    Bytes,
    /// <summary>An ordered list of values.</summary>
    List,
    /// <summary>A map with string keys.</summary>
    Map,
    /// <summary>A link to another block, by CID.</summary>
    Link,
}
