using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Ipvm.Durable;
using Microsoft.Extensions.Logging;

namespace MiniSaga;

public sealed record Order(string Id, string Customer, decimal[] Lines);

public static class Orders
{
    [Workflow]
    public static async Task<string> Place(WorkflowContext ctx, Order order)
    {
        var total = Pricing.Total(order.Lines);
        var reservation = await ctx.CallReserveAsync(order.Id, total);
        ctx.Logger.LogInformation("Reserved {Reservation} for {Order}", reservation, order.Id);
        var due = ctx.UtcNow.AddDays(7);
        await ctx.CreateTimer(TimeSpan.FromMinutes(1));
        var charged = await ctx.CallChargeAsync(order.Customer, total);
        return string.Create(CultureInfo.InvariantCulture, $"{order.Id}:{charged}:{due:yyyy-MM-dd}");
    }
}

public static class Pricing
{
    [Deterministic]
    public static decimal Total(decimal[] lines) => Math.Round(lines.Where(l => l > 0).Sum() * Tax.Rate(lines.Length), 2);
}

public static class Tax
{
    public static decimal Rate(int count) => count > 10 ? 1.1m : 1.2m;
}
