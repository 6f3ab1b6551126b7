using Ipvm.Durable;

namespace OrderSaga;

/// <summary>An order to place.</summary>
public sealed record Order(string Id, string Sku, int Quantity, long AmountCents, string Email);

/// <summary>What placing an order did.</summary>
public sealed record OrderResult(string Reservation, string Payment, string Mail, string Shipment);

/// <summary>
/// The saga: reserve stock (safe to repeat), charge the card and mail a receipt (each at most once, keyed), then
/// wait for the carrier's "shipped" event, giving up after a while. The tasks talk to <see cref="Services"/>,
/// stand-ins for a warehouse, a payment provider and a mailer that, like their real counterparts, deduplicate by the
/// idempotency key they are given.
/// </summary>
public static partial class Orders
{
    [Workflow]
    public static async Task<OrderResult> PlaceOrder(WorkflowContext ctx, Order order)
    {
        var reservation = await ctx.CallReserveStockAsync(order.Sku, order.Quantity);
        var payment = await ctx.CallChargeCardAsync(order.Id, order.AmountCents);
        var mail = await ctx.CallSendReceiptMailAsync(order.Email, payment);
        string shipment;
        try
        {
            shipment = await ctx.WaitForEvent<string>("shipped", TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            shipment = "not shipped within 30 s";
        }

        return new OrderResult(reservation, payment, mail, shipment);
    }

    [Idempotent]
    public static string ReserveStock(string sku, int quantity, EffectContext effect) =>
        Services.Warehouse.Reserve(sku, quantity, effect.IdempotencyKey);

    [Effectful]
    public static string ChargeCard(string orderId, long amountCents, EffectContext effect) =>
        Services.Payments.Charge(orderId, amountCents, effect.IdempotencyKey);

    [Effectful]
    public static string SendReceiptMail(string email, string payment, EffectContext effect) =>
        Services.Mailer.Send(email, $"Thank you! Payment {payment}.", effect.IdempotencyKey);
}
