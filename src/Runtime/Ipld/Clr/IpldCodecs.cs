using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable.Ipld;

/// <summary>
/// The codec for each CLR type, found through a generic static cache (no dictionary, no reflection). Built-in
/// codecs cover the IPLD value types and CLR primitives; generated code registers codecs for user types once,
/// at module initialization.
/// </summary>
public static class IpldCodecs
{
    // An explicit static constructor runs before any member of this class is first used, lookups included.
    static IpldCodecs() => PrimitiveCodecs.RegisterAll();

    /// <summary>Registers the codec for <typeparamref name="T"/>, replacing any earlier one.</summary>
    public static void Register<T>(IIpldCodec<T> codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        Cache<T>.Codec = codec;
    }

    /// <summary>The codec for <typeparamref name="T"/>; throws when none is registered.</summary>
    public static IIpldCodec<T> Get<T>() =>
        TryGet<T>(out var codec)
            ? codec
            : throw new InvalidOperationException($"No IPLD codec is registered for {typeof(T)}. Mark the type's methods for the source generator, or call IpldCodecs.Register.");

    /// <summary>The codec for <typeparamref name="T"/>, when one is registered.</summary>
    public static bool TryGet<T>([NotNullWhen(true)] out IIpldCodec<T>? codec)
    {
        codec = Cache<T>.Codec;
        return codec is not null;
    }

    /// <summary>Encodes <paramref name="value"/> with the registered codec.</summary>
    public static IpldValue Encode<T>(T value) => Get<T>().Encode(value);

    /// <summary>Decodes <paramref name="value"/> with the registered codec.</summary>
    public static T Decode<T>(IpldValue value) => Get<T>().Decode(value);

    private static class Cache<T>
    {
        public static IIpldCodec<T>? Codec;
    }
}
