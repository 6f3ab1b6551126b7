using System.Reflection;
using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Generators.Tests;

/// <summary>
/// Instance task methods, on a class whose dependencies the host supplies: compiled with the generator, loaded, and
/// called through a workflow. The instance comes from the host at each call and is not an input of the instruction.
/// </summary>
public sealed class InstanceTaskTests
{
    private static readonly Lazy<Assembly> Generated = new(() => GeneratorHarness.Run(TestSources.Instances).Load());

    [Fact]
    public async Task A_workflow_calls_instance_tasks_on_objects_from_the_factory()
    {
        var stock = Stock("main");
        var asked = new List<Type>();
        var (runtime, _) = Runtime(type =>
        {
            asked.Add(type);
            return type == Warehouse ? Activator.CreateInstance(Warehouse, stock) : null;
        });

        var result = await runtime.RunAsync("Restock", IpldList.Create("sku-1", 3L), "run-1");

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("sku-1: 3 reserved", result.Output!.AsString());
        Assert.Equal(3L, Taken(stock));
        Assert.Equal([Warehouse, Warehouse], asked); // asked at each call, so the provider's lifetimes apply
    }

    [Fact]
    public async Task The_instance_is_not_part_of_the_instruction_a_pure_call_is_memoized_across_instances()
    {
        var (runtime, store) = Runtime(type => Activator.CreateInstance(Warehouse, Stock("first")));
        Assert.Equal(RunStatus.Completed, (await runtime.RunAsync("Restock", IpldList.Create("sku-1", 3L), "run-a")).Status);

        // Another run, over the same store, with another instance: the idempotent Reserve is keyed by its run and runs
        // again; the pure Label has the same inputs, so the same CID, and comes from its receipt without an instance.
        var asked = 0;
        var second = Stock("second");
        var (again, _) = Runtime(type => { asked++; return Activator.CreateInstance(Warehouse, second); }, store);
        var result = await again.RunAsync("Restock", IpldList.Create("sku-1", 3L), "run-b");

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("sku-1: 3 reserved", result.Output!.AsString());
        Assert.Equal(1, asked);
        Assert.Equal(3L, Taken(second));
    }

    [Fact]
    public async Task A_service_provider_supplies_instances_and_a_missing_one_fails_the_call_with_its_type()
    {
        var stock = Stock("main");
        var (runtime, _) = Runtime(new Provider(Warehouse, Activator.CreateInstance(Warehouse, stock)!));
        Assert.Equal("sku-2: 3 reserved", (await runtime.RunAsync("Restock", IpldList.Create("sku-2", 3L))).Output!.AsString());

        var (empty, _) = Runtime(new Provider(typeof(string), string.Empty));
        var failed = await empty.RunAsync("Restock", IpldList.Create("sku-3", 3L));
        Assert.NotEqual(RunStatus.Completed, failed.Status); // the task failed: the run fails or parks, as the runtime's retry policy says
        Assert.Contains("Task 'Reserve' is an instance method of Depot.Warehouse, and the host supplied no Depot.Warehouse", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_instance_tasks_the_registration_takes_no_factory()
    {
        var registration = GeneratorHarness.Run(TestSources.Workflows).Generated("GeneratedDurableRegistration.AddGeneratedTasks.g.cs");
        Assert.Contains("AddGeneratedTasks(this global::Ipvm.Durable.DotnetTaskRegistry registry)", registration, StringComparison.Ordinal);
        Assert.DoesNotContain("instances", registration, StringComparison.Ordinal);
    }

    private static Type Warehouse => Generated.Value.GetType("Depot.Warehouse")!;

    private static object Stock(string name) => Activator.CreateInstance(Generated.Value.GetType("Depot.CountingStock")!, name)!;

    private static long Taken(object stock) => (long)stock.GetType().GetProperty("Taken")!.GetValue(stock)!;

    private static (WorkflowRuntime Runtime, InMemoryDurableStore Store) Runtime(object instances, InMemoryDurableStore? store = null)
    {
        store ??= new InMemoryDurableStore();
        var engine = new DurableEngine(store, new OpRegistry());
        var runtime = new WorkflowRuntime(engine, new DotnetTaskRegistry(), new InMemoryWorkflowJournal());
        var parameter = instances is IServiceProvider ? typeof(IServiceProvider) : typeof(Func<Type, object?>);
        Generated.Value.GetType("Ipvm.Durable.GeneratedDurableRegistration")!.GetMethod("AddGeneratedWorkflows", [typeof(WorkflowRuntime), parameter])!
            .Invoke(null, [runtime, instances]);
        return (runtime, store);
    }

    private static (WorkflowRuntime Runtime, InMemoryDurableStore Store) Runtime(Func<Type, object?> instances, InMemoryDurableStore? store = null) =>
        Runtime((object)instances, store);

    private sealed class Provider(Type type, object instance) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == type ? instance : null;
    }
}
