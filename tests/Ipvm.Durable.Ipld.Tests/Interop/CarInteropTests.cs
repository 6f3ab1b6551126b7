using System.Text.Json;

namespace Ipvm.Durable.Ipld.Tests.Interop;

/// <summary>Cross-checks CAR files with the JavaScript reference implementation, when it is installed.</summary>
public sealed class CarInteropTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"ipvm-car-interop-{Environment.ProcessId}-{Guid.NewGuid():N}.car");

    [NodeIpldCarFact]
    public void Ipld_car_reads_a_car_we_wrote()
    {
        var blocks = CarTests.SampleBlocks();
        var v0 = Cid.Parse("QmRN6wdp1S2A5EtjW9A3M1vKSBuQQGcgvuhoMUoEz4iiT5");
        File.WriteAllBytes(_file, Car.Write([blocks[1].Cid, v0], blocks.Select(b => (b.Cid, b.Data))));

        using var result = JsonDocument.Parse(NodeIpldCar.Run("read-car.mjs", _file));

        var roots = result.RootElement.GetProperty("roots").EnumerateArray().Select(r => r.GetString()!).ToArray();
        Assert.Equal([blocks[1].Cid.ToString(), v0.ToString()], roots);
        var read = result.RootElement.GetProperty("blocks").EnumerateArray().ToArray();
        Assert.Equal(blocks.Select(b => b.Cid.ToString()), read.Select(b => b.GetProperty("cid").GetString()!));
        Assert.Equal(blocks.Select(b => b.Data.Length), read.Select(b => b.GetProperty("size").GetInt32()));
        Assert.All(read.Where(b => b.GetProperty("verified").ValueKind != JsonValueKind.Null), b => Assert.True(b.GetProperty("verified").GetBoolean()));
    }

    [NodeIpldCarFact]
    public void We_read_a_car_ipld_car_wrote()
    {
        NodeIpldCar.Run("write-car.mjs", _file);

        var contents = Car.ReadAll(File.ReadAllBytes(_file));

        var rawCid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, "hello"u8);
        var root = DagCbor.ComputeCid(IpldMap.Create(("name", "hello"), ("link", rawCid)));
        Assert.Equal([root], contents.Roots);
        Assert.Equal([rawCid, root], contents.Blocks.Select(b => b.Cid));
    }

    public void Dispose() => File.Delete(_file);
}
