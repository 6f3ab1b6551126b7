namespace Ipvm.Durable.Ipld.Tests;

/// <summary>
/// Seeded random values and random corruptions of their encodings. No timing assertions: the decode
/// limits bound the work, and a hang would show as a test-run timeout.
/// </summary>
public sealed class PropertyTests
{
    private const int ValuesPerSeed = 200;
    private const int MutationsPerEncoding = 8;

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 20)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Values_round_trip_through_both_codecs(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < ValuesPerSeed; i++)
        {
            var value = RandomIpld.Value(random);

            var cbor = DagCbor.Encode(value);
            var json = DagJson.Encode(value);
            var fromCbor = DagCbor.Decode(cbor);
            var fromJson = DagJson.Decode(json);

            Assert.Equal(value, fromCbor);
            Assert.Equal(value, fromJson);
            Assert.Equal(cbor, DagCbor.Encode(fromJson));
            Assert.Equal(json, DagJson.Encode(fromCbor));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Corrupted_dag_cbor_is_rejected_or_is_canonical(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < ValuesPerSeed; i++)
        {
            var encoded = DagCbor.Encode(RandomIpld.Value(random));
            for (var m = 0; m < MutationsPerEncoding; m++)
            {
                var mutated = Mutate(random, encoded);
                IpldValue decoded;
                try
                {
                    decoded = DagCbor.Decode(mutated);
                }
                catch (DagCborFormatException e)
                {
                    Assert.InRange(e.Offset, 0, mutated.Length);
                    continue;
                }

                // Strict DAG-CBOR has one encoding per value: whatever is accepted re-encodes to itself.
                Assert.Equal(Convert.ToHexString(mutated), Convert.ToHexString(DagCbor.Encode(decoded)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Corrupted_dag_json_is_rejected_or_decodes_to_a_valid_value(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < ValuesPerSeed; i++)
        {
            var encoded = DagJson.Encode(RandomIpld.Value(random));
            for (var m = 0; m < MutationsPerEncoding; m++)
            {
                var mutated = Mutate(random, encoded);
                IpldValue decoded;
                try
                {
                    decoded = DagJson.Decode(mutated);
                }
                catch (DagJsonFormatException e)
                {
                    Assert.InRange(e.Offset, 0, mutated.Length);
                    continue;
                }

                Assert.Equal(decoded, DagJson.Decode(DagJson.Encode(decoded)));
                Assert.Equal(decoded, DagCbor.Decode(DagCbor.Encode(decoded)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Corrupted_car_files_are_rejected_with_car_format_exceptions(int seed)
    {
        var random = new Random(seed);
        var blocks = Enumerable.Range(0, 5).Select(_ => DagCbor.Encode(RandomIpld.Value(random))).ToArray();
        var car = Car.Write(
            [DagCbor.ComputeCid(IpldValue.Null)],
            blocks.Select(b => (Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha2_256, b), (ReadOnlyMemory<byte>)b)));
        for (var m = 0; m < ValuesPerSeed; m++)
        {
            var mutated = Mutate(random, car);
            try
            {
                Car.ReadAll(mutated);
            }
            catch (CarFormatException e)
            {
                Assert.InRange(e.Offset, 0, mutated.Length);
            }
        }
    }

    // One random corruption: flip a bit, overwrite, insert or delete a byte, or truncate.
    private static byte[] Mutate(Random random, byte[] input)
    {
        var bytes = new List<byte>(input);
        var position = random.Next(bytes.Count + 1);
        switch (random.Next(5))
        {
            case 0 when position < bytes.Count:
                bytes[position] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when position < bytes.Count:
                bytes[position] = (byte)random.Next(256);
                break;
            case 2:
                bytes.Insert(position, (byte)random.Next(256));
                break;
            case 3 when position < bytes.Count:
                bytes.RemoveAt(position);
                break;
            default:
                bytes.RemoveRange(position, bytes.Count - position);
                break;
        }

        return [.. bytes];
    }
}
