using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Tests.Model;

public class WorkflowValidatorTests
{
    [Fact]
    public void Duplicate_instruction_is_rejected_naming_the_second_index()
    {
        var a = TestWorkflows.Task("test/echo", 1);
        var workflow = new Workflow([a, TestWorkflows.Task("test/echo", 2), new WorkflowTask(a.Run, TaskMeta.Create(time: TimeSpan.FromSeconds(1)))]);

        var error = Assert.Throws<WorkflowValidationException>(() => WorkflowValidator.Validate(workflow));

        Assert.Equal(2, error.TaskIndex);
        Assert.Equal(a.InstructionCid, error.InstructionCid);
        Assert.Contains("duplicate instruction", error.Message, StringComparison.Ordinal);
        Assert.Contains(a.InstructionCid.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Await_of_a_receipt_in_the_store_is_accepted()
    {
        var outside = TestWorkflows.Task("test/echo", 1);
        var workflow = new Workflow([TestWorkflows.Task("test/add", Promise(outside.InstructionCid), 1)]);

        Assert.Throws<WorkflowValidationException>(() => WorkflowValidator.Validate(workflow));
        await WorkflowValidator.ValidateAsync(workflow, cid => ValueTask.FromResult(cid == outside.InstructionCid));
    }

    [Fact]
    public void Self_await_is_rejected()
    {
        // A task cannot hold its own CID, but a forged instruction object can claim to: the check is cheap.
        var cid = IpvmCid.Of("x");
        var task = TestWorkflows.Task("test/add", Promise(cid));
        var workflow = new Workflow([task, TestWorkflows.Task("test/echo", "y")]);

        var error = Assert.Throws<WorkflowValidationException>(() => WorkflowValidator.Validate(workflow));
        Assert.Equal(0, error.TaskIndex);
    }

    [Fact]
    public void Promises_are_found_anywhere_in_the_input()
    {
        var up = TestWorkflows.Task("test/echo", 1);
        var input = IpldMap.Create(("deep", IpldList.Create(IpldMap.Create(("x", Promise(up.InstructionCid, "await/*"))))));
        var instruction = new Instruction("test:", "test/echo", input);

        var promise = Assert.Single(instruction.Promises);
        Assert.Equal(PromiseSelector.Any, promise.Selector);
        Assert.Equal(up.InstructionCid, promise.Cid);
    }

    private static IpldMap Promise(Cid cid, string key = "await/ok") => IpldMap.Create((key, new IpldLink(cid)));
}
