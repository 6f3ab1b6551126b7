namespace OrderSaga;

/// <summary>
/// Stand-ins for the outside world, each an append-only ledger file that deduplicates by idempotency key, as a
/// payment provider or mail API does. They print what they do, and can crash the process right after a step's
/// effect happened (before its receipt is written) to show what resuming does.
/// </summary>
public static class Services
{
    public static string Folder { get; set; } = ".ipvm";

    public static string? CrashAfter { get; set; }

    public static Ledger Warehouse { get; } = new("warehouse", "reserve");

    public static Ledger Payments { get; } = new("payments", "charge");

    public static Ledger Mailer { get; } = new("outbox", "mail");

    public sealed class Ledger(string name, string step)
    {
        public string Reserve(string sku, int quantity, string key) => Record(key, $"reserved {quantity} x {sku}");

        public string Charge(string orderId, long amountCents, string key) => Record(key, $"charged {amountCents / 100m:0.00} for {orderId}");

        public string Send(string email, string body, string key) => Record(key, $"mailed {email}: {body}");

        public int Count => File.Exists(Path) ? File.ReadAllLines(Path).Length : 0;

        private string Path => System.IO.Path.Combine(Folder, name + ".log");

        private string Record(string key, string what)
        {
            var id = $"{name}-{key[^8..]}";
            if (File.Exists(Path) && File.ReadLines(Path).Any(line => line.StartsWith(key + " ", StringComparison.Ordinal)))
            {
                Console.WriteLine($"  {name}: already done under key ...{key[^8..]}, nothing repeated");
            }
            else
            {
                File.AppendAllLines(Path, [$"{key} {what}"]);
                Console.WriteLine($"  {name}: {what}");
            }

            if (CrashAfter == step)
            {
                Console.WriteLine($"  (crashing right after the {step}, before its receipt is written)");
                using var self = System.Diagnostics.Process.GetCurrentProcess();
                self.Kill(); // SIGKILL: no cleanup, no flush, as a real crash
            }

            return id;
        }
    }
}
