using System.IO;
using System.Threading.Tasks;
using Ipvm.Durable;

namespace MiniSaga;

public static class Payments
{
    [Idempotent]
    public static string Reserve(string orderId, decimal amount) => File.ReadAllText(orderId) + amount;

    [Effectful]
    public static decimal Charge(string customer, decimal amount) => amount;
}

/// <summary>What the generator will emit for the tasks above.</summary>
public static class PaymentsContextExtensions
{
    public static Task<string> CallReserveAsync(this WorkflowContext ctx, string orderId, decimal amount) => Task.FromResult(orderId);

    public static Task<decimal> CallChargeAsync(this WorkflowContext ctx, string customer, decimal amount) => Task.FromResult(amount);
}
