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
