using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// A promise <c>{"await/ok" | "await/error" | "await/*": {"/": cid}}</c>: a placeholder for the result
/// of the instruction named by <see cref="Cid"/>. Promises may appear anywhere inside an input.
/// </summary>
/// <param name="Selector">Which part of the result is taken.</param>
/// <param name="Cid">The awaited instruction's CID.</param>
public sealed record Promise(PromiseSelector Selector, Cid Cid)
{
    /// <summary>The map key for <paramref name="selector"/>.</summary>
    public static string KeyOf(PromiseSelector selector) => selector switch
    {
        PromiseSelector.Ok => "await/ok",
        PromiseSelector.Error => "await/error",
        _ => "await/*",
    };

    /// <summary>The IPLD form of this promise.</summary>
    public IpldMap ToIpld() => IpldMap.Create((KeyOf(Selector), new IpldLink(Cid)));

    /// <summary>True when <paramref name="value"/> is a promise; <paramref name="promise"/> is then set.</summary>
    public static bool TryRead(IpldValue value, out Promise? promise)
    {
        promise = null;
        if (value is not IpldMap { Count: 1 } map)
        {
            return false;
        }

        var (key, inner) = map.Entries[0];
        PromiseSelector? selector = key switch
        {
            "await/ok" => PromiseSelector.Ok,
            "await/error" => PromiseSelector.Error,
            "await/*" => PromiseSelector.Any,
            _ => null,
        };
        if (selector is null || inner is not IpldLink link)
        {
            return false;
        }

        promise = new Promise(selector.Value, link.Cid);
        return true;
    }

    /// <summary>Every promise inside <paramref name="value"/>, depth first, in document order.</summary>
    public static IReadOnlyList<Promise> FindAll(IpldValue value)
    {
        List<Promise>? found = null;
        Collect(value, ref found);
        return found is null ? [] : found;
    }

    private static void Collect(IpldValue value, ref List<Promise>? found)
    {
        switch (value)
        {
            case IpldMap map:
                if (TryRead(map, out var promise))
                {
                    (found ??= []).Add(promise!);
                    return;
                }

                foreach (var entry in map.Entries)
                {
                    Collect(entry.Value, ref found);
                }

                break;
            case IpldList list:
                foreach (var item in list.Items)
                {
                    Collect(item, ref found);
                }

                break;
        }
    }
}
