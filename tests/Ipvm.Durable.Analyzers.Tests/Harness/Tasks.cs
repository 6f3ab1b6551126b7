namespace Ipvm.Durable.Analyzers.Tests.Harness;

/// <summary>Tasks and their hand-written context extensions, as the generator will emit them.</summary>
internal static class Tasks
{
    public const string Source = """

        public static class Payments
        {
            [Effectful]
            public static int Charge(int amount) => amount;

            [Idempotent]
            public static Task<string> LookupAsync(string id) => Task.FromResult(File.ReadAllText(id));

            [Idempotent]
            public static void Notify(string who) => Console.WriteLine(who);
        }

        public static class PaymentsContextExtensions
        {
            public static Task<int> CallChargeAsync(this WorkflowContext ctx, int amount) => Task.FromResult(amount);

            public static Task<string> CallLookupAsync(this WorkflowContext ctx, string id) => Task.FromResult(id);

            public static Task CallNotifyAsync(this WorkflowContext ctx, string who) => Task.CompletedTask;
        }

        """;
}
