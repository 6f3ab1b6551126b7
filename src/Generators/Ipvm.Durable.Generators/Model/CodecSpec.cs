namespace Ipvm.Durable.Generators;

internal enum CodecKind
{
    /// <summary>short, ushort, byte, sbyte, uint, ulong, float: through a wider built-in.</summary>
    Primitive,
    Enum,
    Array,
    List,
    ReadOnlyList,
    Dictionary,
    ReadOnlyDictionary,
    Nullable,
    ReadOnlyMemoryOfByte,
    Object,
}

/// <summary>A codec the generator writes for a type that has no built-in one.</summary>
/// <param name="Type">The type (<c>global::</c> name).</param>
/// <param name="Kind">How it is encoded.</param>
/// <param name="Element">The element, value or underlying type.</param>
/// <param name="Members">Enum member names, or object properties.</param>
/// <param name="UseConstructor">For objects: construct through the constructor whose parameters are the properties.</param>
internal sealed record CodecSpec(TypeRef Type, CodecKind Kind, TypeRef? Element, EquatableArray<MemberSpec> Members, bool UseConstructor)
{
    public string ClassName => "Codec_" + Hashing.Sanitize(Type.FullName.Replace("global::", string.Empty));
}

/// <summary>An enum member, or a property of an object: its C# name, its IPLD key, its type, and its constructor position (-1 when set by initializer).</summary>
internal sealed record MemberSpec(string Name, string Key, TypeRef? Type, int ConstructorIndex);
