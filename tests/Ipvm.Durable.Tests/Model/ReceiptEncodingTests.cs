using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Tests.Model;

/// <summary>Receipts are written field by field (no map building); the bytes must equal the generic encoder's.</summary>
public sealed class ReceiptEncodingTests
{
    public static TheoryData<string> Cases => new() { "ok-null", "ok-nested", "error-message", "error-cause", "foreign" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Direct_encoding_equals_encoding_the_ipld_form(string name)
    {
        var receipt = Make(name);

        var bytes = receipt.ToBytes();

        Assert.Equal(DagCbor.Encode(receipt.ToIpld()), bytes);
        Assert.Equal(IpvmCid.Of(receipt.ToIpld()), receipt.Cid);
        var decoded = Receipt.Decode(bytes, receipt.Cid);
        Assert.Equal(receipt.Out, decoded.Out);
        Assert.Equal(receipt.InstructionCid, decoded.InstructionCid);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decoding_gives_back_every_field(string name)
    {
        var receipt = Make(name);

        var decoded = Receipt.Decode(receipt.ToBytes(), receipt.Cid);

        Assert.Equal(receipt.ToIpld(), decoded.ToIpld());
        Assert.Equal(receipt.Cid, decoded.Cid);
        Assert.Equal(receipt.ToBytes(), decoded.ToBytes());
    }

    [Fact]
    public void Receipts_in_other_shapes_are_read_by_the_general_decoder()
    {
        var task = TestWorkflows.Task("test/echo", 1);
        var ran = new IpldLink(task.InvocationCid);
        IpldMap[] shapes =
        [
            IpldMap.Create(("ran", ran), ("out", IpldList.Create("ok", 5)), ("meta", IpldMap.Empty), ("prf", IpldList.Empty), ("iss", IpldValue.Null)),
            IpldMap.Create(("ran", ran), ("out", IpldMap.Create(("ok", 5))), ("meta", IpldMap.Empty), ("prf", IpldList.Empty), ("iss", IpldValue.Null), ("fx", IpldMap.Empty), ("x", 1)),
            IpldMap.Create(("ran", ran), ("out", IpldMap.Create(("ok", 5))), ("meta", IpldMap.Empty), ("prf", IpldList.Empty), ("iss", IpldValue.Null)),
        ];

        foreach (var shape in shapes)
        {
            var bytes = DagCbor.Encode(shape);
            var decoded = Receipt.Decode(bytes, IpvmCid.OfEncoded(bytes));
            Assert.Equal(TaskResult.Ok(5), decoded.Out);
            Assert.Equal(task.InvocationCid, decoded.Ran);
        }
    }

    [Fact]
    public void Non_canonical_bytes_are_still_rejected()
    {
        var bytes = Receipt.For(TestWorkflows.Task("test/echo", 1), TaskResult.Ok(1)).ToBytes().ToList();

        // Re-encode the integer 1 in "out" with a two-byte head (0x18 0x01): valid CBOR, not DAG-CBOR.
        byte[] okKey = [0x62, (byte)'o', (byte)'k']; // the text "ok": head 0x62 (text of length 2)
        var at = bytes.ToArray().AsSpan().IndexOf(okKey) + 3;
        Assert.Equal(0x01, bytes[at]);
        bytes[at] = 0x18;
        bytes.Insert(at + 1, 0x01);
        var data = bytes.ToArray();

        Assert.ThrowsAny<FormatException>(() => Receipt.Decode(data, IpvmCid.OfEncoded(data)));
    }

    [Fact]
    public void Receipts_for_a_task_name_its_instruction_and_invocation()
    {
        var task = TestWorkflows.Task("test/echo", 7);

        var receipt = Receipt.For(task, TaskResult.Ok(7));

        Assert.Equal(task.InstructionCid, receipt.InstructionCid);
        Assert.Equal(task.InvocationCid, receipt.Ran);
        Assert.Equal(IpldMap.Create(("instruction", new IpldLink(task.InstructionCid)), ("op", "echo")), receipt.Meta);
    }

    [Fact]
    public void Encoding_on_many_threads_at_once_gives_the_same_bytes()
    {
        var receipts = Enumerable.Range(0, 2_000).Select(i => Receipt.For(TestWorkflows.Task("test/echo", i), TaskResult.Ok(new string('x', i % 300)))).ToArray();
        var expected = receipts.Select(r => DagCbor.Encode(r.ToIpld())).ToArray();

        Parallel.For(0, receipts.Length, i => Assert.Equal(expected[i], receipts[i].ToBytes()));
    }

    private static Receipt Make(string name)
    {
        var task = TestWorkflows.Task("test/echo", name);
        return name switch
        {
            "ok-null" => Receipt.For(task, TaskResult.Ok(IpldValue.Null)),
            "ok-nested" => Receipt.For(task, TaskResult.Ok(IpldMap.Create(("zz", IpldList.Create(1, "two", 3.5)), ("a", new IpldBytes(new byte[300]))))),
            "error-message" => Receipt.For(task, TaskResult.Error("boom")),
            "error-cause" => Receipt.For(task, TaskResult.Error("upstream failed", task.InstructionCid)),
            _ => new Receipt(
                task.InvocationCid,
                TaskResult.Ok("v"),
                IpldMap.Create(("custom", 1), ("instruction", new IpldLink(task.InstructionCid))),
                IpldMap.Create(("fork", IpldList.Create(new IpldLink(task.InstructionCid))), ("join", IpldValue.Null)),
                "did:key:z6Mk",
                IpldList.Create(new IpldLink(task.InvocationCid))),
        };
    }
}
