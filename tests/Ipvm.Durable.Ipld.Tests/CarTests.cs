namespace Ipvm.Durable.Ipld.Tests;

public sealed class CarTests
{
    private static readonly byte[] Hello = "hello"u8.ToArray();

    [Fact]
    public void Round_trip_keeps_roots_and_blocks_in_order()
    {
        var blocks = SampleBlocks();
        var roots = new[] { blocks[0].Cid, blocks[2].Cid };

        var contents = Car.ReadAll(Car.Write(roots, blocks.Select(b => (b.Cid, b.Data))));

        Assert.Equal(roots, contents.Roots);
        Assert.Equal(blocks.Select(b => b.Cid), contents.Blocks.Select(b => b.Cid));
        Assert.All(contents.Blocks.Zip(blocks), pair => Assert.Equal(pair.Second.Data.ToArray(), pair.First.Data.ToArray()));
    }

    [Fact]
    public void Header_is_the_dag_cbor_map_of_roots_and_version()
    {
        var root = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, Hello);

        var car = Car.Write([root], []);

        var headerLength = car[0];
        var header = DagCbor.Decode(car.AsSpan(1, headerLength)).AsMap();
        Assert.Equal(1 + headerLength, car.Length);
        Assert.Equal(["roots", "version"], header.Keys);
        Assert.Equal(root, header["roots"].AsList()[0].AsLink());
        Assert.Equal(1, header["version"].AsInt64());
    }

    [Fact]
    public void Section_is_length_then_cid_then_data()
    {
        var cid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, Hello);
        var output = new System.Buffers.ArrayBufferWriter<byte>();

        var writer = CarWriter.Create(output, []);
        var headerLength = output.WrittenCount;
        writer.WriteBlock(cid, Hello);

        var section = output.WrittenSpan[headerLength..];
        Assert.Equal(cid.ByteLength + Hello.Length, section[0]);
        Assert.True(section.Slice(1, cid.ByteLength).SequenceEqual(cid.Bytes));
        Assert.True(section[(1 + cid.ByteLength)..].SequenceEqual(Hello));
        Assert.Equal(output.WrittenCount, writer.BytesWritten);
    }

    [Fact]
    public void Stream_and_buffer_writers_give_the_same_bytes()
    {
        var blocks = SampleBlocks();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = CarWriter.Create(buffer, [blocks[1].Cid]);
        foreach (var block in blocks)
        {
            writer.WriteBlock(block.Cid, block.Data.Span);
        }

        var fromStream = Car.Write([blocks[1].Cid], blocks.Select(b => (b.Cid, b.Data)));

        Assert.Equal(fromStream, buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public async Task Async_reader_reads_what_the_sync_reader_reads()
    {
        var blocks = SampleBlocks();
        var car = Car.Write([blocks[0].Cid], blocks.Select(b => (b.Cid, b.Data)));

        using var input = new MemoryStream(car);
        var reader = await CarReader.OpenAsync(input);
        var read = new List<CarBlock>();
        await foreach (var block in reader.ReadBlocksAsync())
        {
            read.Add(block);
        }

        Assert.Equal([blocks[0].Cid], reader.Roots);
        Assert.Equal(blocks.Select(b => b.Cid), read.Select(b => b.Cid));
        Assert.Equal(car.Length, reader.Position);
    }

    [Fact]
    public void A_tampered_block_fails_verification_at_its_data()
    {
        var cid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, Hello);
        var car = Car.Write([cid], [(cid, Hello)]);
        car[^1] ^= 1;

        var error = Assert.Throws<CarFormatException>(() => Car.ReadAll(car));

        Assert.Equal(car.Length - Hello.Length, error.Offset);
        Assert.Contains("do not hash to its CID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verification_can_be_skipped()
    {
        var cid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, Hello);
        var car = Car.Write([cid], [(cid, "jello"u8.ToArray())]);

        var contents = Car.ReadAll(car, new CarReaderOptions { VerifyBlocks = false });

        Assert.Equal("jello"u8.ToArray(), contents.Blocks[0].Data.ToArray());
    }

    [Fact]
    public void Blocks_with_hashes_that_cannot_be_computed_pass_unless_required()
    {
        var blake3 = Cid.Parse("bafkr4ihkr4ld3m4gqkjf4reryxsy2s5tkbxprqkow6fin2iiyvreuzzab4");
        var car = Car.Write([blake3], [(blake3, Hello)]);

        Assert.Single(Car.ReadAll(car).Blocks);
        var error = Assert.Throws<CarFormatException>(() => Car.ReadAll(car, new CarReaderOptions { RequireVerifiableHashes = true }));
        Assert.Contains("cannot be verified", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public void Truncated_input_is_rejected(int missingBytes)
    {
        var blocks = SampleBlocks();
        var car = Car.Write([blocks[0].Cid], blocks.Select(b => (b.Cid, b.Data)));

        var error = Assert.Throws<CarFormatException>(() => Car.ReadAll(car.AsMemory(0, car.Length - missingBytes)));

        Assert.Contains("unexpected end of input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_header_is_rejected()
    {
        var car = Car.Write([Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, Hello)], []);

        for (var length = 0; length < car.Length; length++)
        {
            Assert.Throws<CarFormatException>(() => Car.ReadAll(car.AsMemory(0, length)));
        }
    }

    [Fact]
    public void Oversized_section_is_rejected_before_it_is_read()
    {
        var header = Car.Write([], []);
        Span<byte> length = stackalloc byte[Varint.MaxLength];
        var n = Varint.Write(1UL << 40, length);
        var car = header.Concat(length[..n].ToArray()).ToArray();

        var error = Assert.Throws<CarFormatException>(() => Car.ReadAll(car));

        Assert.Equal(header.Length, error.Offset);
        Assert.Contains("more than the limit of 16777216", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Section_limit_is_configurable()
    {
        var cid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, new byte[1000]);
        var car = Car.Write([cid], [(cid, new byte[1000])]);

        Assert.Throws<CarFormatException>(() => Car.ReadAll(car, new CarReaderOptions { MaxSectionBytes = 1000 }));
        Assert.Single(Car.ReadAll(car, new CarReaderOptions { MaxSectionBytes = 1036 }).Blocks);
    }

    [Fact]
    public void Block_count_is_limited()
    {
        var blocks = SampleBlocks();
        var car = Car.Write([], blocks.Select(b => (b.Cid, b.Data)));

        var error = Assert.Throws<CarFormatException>(() => Car.ReadAll(car, new CarReaderOptions { MaxBlockCount = 2 }));

        Assert.Contains("limit of 2 blocks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_header_is_rejected()
    {
        var roots = Enumerable.Range(0, 100).Select(i => Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, [(byte)i]));
        var car = Car.Write(roots, []);

        var error = Assert.Throws<CarFormatException>(() => Car.ReadAll(car, new CarReaderOptions { MaxHeaderBytes = 100 }));

        Assert.Equal(0, error.Offset);
    }

    [Theory]
    [InlineData("a16776657273696f6e02", "CARv2")]
    [InlineData("a16776657273696f6e01", "exactly the keys")]
    [InlineData("a265726f6f74738161786776657273696f6e01", "root 0 is a String")]
    [InlineData("a265726f6f7473806776657273696f6e03", "version must be 1")]
    [InlineData("a265726f6f7473806776657273696f6e01", null)]
    [InlineData("80", "must be a map")]
    [InlineData("a265726f6f7473806776657273696f6e0100", "not valid DAG-CBOR")]
    public void Header_shape_is_checked(string headerHex, string? problem)
    {
        var header = Convert.FromHexString(headerHex);
        var car = new[] { (byte)header.Length }.Concat(header).ToArray();

        if (problem is null)
        {
            Assert.Empty(Car.ReadAll(car).Roots);
            return;
        }

        var error = Assert.Throws<CarFormatException>(() => Car.ReadAll(car));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_block_cid_and_empty_section_are_rejected()
    {
        var header = Car.Write([], []);

        var badCid = Assert.Throws<CarFormatException>(() => Car.ReadAll(header.Concat(new byte[] { 3, 0x02, 0x55, 0x12 }).ToArray()));
        var empty = Assert.Throws<CarFormatException>(() => Car.ReadAll(header.Concat(new byte[] { 0 }).ToArray()));
        var nonMinimal = Assert.Throws<CarFormatException>(() => Car.ReadAll(header.Concat(new byte[] { 0x85, 0x00 }).ToArray()));

        Assert.Contains("invalid block CID", badCid.Message, StringComparison.Ordinal);
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        Assert.Contains("not minimally encoded", nonMinimal.Message, StringComparison.Ordinal);
        Assert.Equal(header.Length, nonMinimal.Offset);
    }

    [Fact]
    public void Cidv0_and_identity_blocks_are_read_and_verified()
    {
        var v0 = Cid.Parse("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
        var identity = Cid.Compute(Multicodec.Raw, MultihashCode.Identity, Hello);
        var car = Car.Write([v0], [(identity, Hello)]);

        var contents = Car.ReadAll(car);

        Assert.Equal(v0, contents.Roots[0]);
        Assert.Equal(identity, contents.Blocks[0].Cid);
    }

    internal static List<CarBlock> SampleBlocks()
    {
        var raw = Hello;
        var rawCid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, raw);
        var node = DagCbor.Encode(IpldMap.Create(("link", rawCid), ("name", "hello")));
        var nodeCid = Cid.Compute(Multicodec.DagCbor, MultihashCode.Sha3_256, node);
        var empty = Array.Empty<byte>();
        var emptyCid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, empty);
        return [new(rawCid, raw), new(nodeCid, node), new(emptyCid, empty)];
    }
}
