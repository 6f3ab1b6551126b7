using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class MutableStaticTests
{
    private const string Counter = """
        public static class Counter
        {
            public static int Count;
            public static int Auto { get; set; }
            public static readonly List<int> Seen = new();
            public static readonly int[] Slots = new int[4];
            public static readonly Dictionary<string, int> Index = new();
            public const int Limit = 10;
            public static readonly System.Collections.Immutable.ImmutableArray<int> Fixed = System.Collections.Immutable.ImmutableArray.Create(1, 2);
            public static int Computed => Limit * 2;
        }

        """;

    private const string Use = "[[Counter.Count]]++;";

    [Fact]
    public Task Flags_it_directly() => Scenarios.Direct("IPVM0009", """
        [[Counter.Count]]++;
        var read = [[Counter.Count]];
        [[Counter.Auto]] = 3;
        [[Counter.Seen.Add(1)]];
        {|IPVM0009:Counter.Slots[0]|} = 1;
        {|IPVM0009:Counter.Index["a"]|} = 1;
        """, Counter);

    [Fact] public Task Flags_it_two_calls_away() => Scenarios.TwoLevels("IPVM0009", Use, Counter);

    [Fact] public Task Flags_it_through_an_interface() => Scenarios.ThroughInterface(Use, extra: Counter);

    [Fact] public Task Flags_it_in_a_lambda() => Scenarios.InLambda("IPVM0009", Use, Counter);

    [Fact] public Task Flags_it_through_a_property() => Scenarios.ThroughProperty("IPVM0009", Use, Counter);

    [Fact] public Task Stays_silent_without_an_Ipvm_reference() => Scenarios.WithoutIpvmReference("var local = 1;");

    [Fact]
    public Task Stays_silent_on_locals_constants_and_immutable_statics() => Scenarios.Silent("""
        var list = new List<int> { 1 };
        list.Add(2);
        var map = new Dictionary<string, int>();
        map["a"] = 1;
        var array = new int[2];
        array[0] = Counter.Limit + Counter.Computed + Counter.Fixed[0] + Counter.Seen.Count + Counter.Slots[1];
        var empty = string.Empty;
        var contains = Counter.Index.ContainsKey("a") && Counter.Fixed.Contains(1);
        var immutable = System.Collections.Immutable.ImmutableList<int>.Empty.Add(1);
        """, Counter);
}
