namespace Ipvm.Durable.Ipld;

/// <summary>Codecs for the IPLD value types and the CLR primitives.</summary>
internal static class PrimitiveCodecs
{
    public static void RegisterAll()
    {
        IpldCodecs.Register(new Codec<IpldValue>(static v => v, static v => v));
        IpldCodecs.Register(new Codec<string>(static v => new IpldString(v), static v => v.AsString()));
        IpldCodecs.Register(new Codec<bool>(static v => IpldBool.From(v), static v => v.AsBool()));
        IpldCodecs.Register(new Codec<long>(static v => IpldInteger.From(v), static v => v.AsInt64()));
        IpldCodecs.Register(new Codec<int>(static v => IpldInteger.From(v), static v => checked((int)v.AsInt64())));
        IpldCodecs.Register(new Codec<double>(static v => new IpldFloat(v), static v => v is IpldInteger i ? (double)i.Value : v.AsDouble()));
        IpldCodecs.Register(new Codec<byte[]>(static v => new IpldBytes(v), static v => v.AsBytes().ToArray()));
        IpldCodecs.Register(new Codec<Cid>(static v => new IpldLink(v), static v => v.AsLink()));
    }

    private sealed class Codec<T>(Func<T, IpldValue> encode, Func<IpldValue, T> decode) : IIpldCodec<T>
    {
        public IpldValue Encode(T value) => encode(value);

        public T Decode(IpldValue value)
        {
            try
            {
                return decode(value);
            }
            catch (Exception e) when (e is InvalidOperationException or OverflowException)
            {
                throw new FormatException($"Cannot read {typeof(T).Name} from an IPLD {value.Kind}: {e.Message}", e);
            }
        }
    }
}
