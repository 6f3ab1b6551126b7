using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// The labels a task asks of its worker: <c>meta.labels</c>, a list of non-empty strings such as
/// <c>["gpu", "region=eu"]</c>. A label is matched as a whole string (<c>region=eu</c> is one label, not a
/// key and a value), and a worker must have every label a task lists. Like the rest of <c>meta</c>, labels are
/// not part of the instruction CID: where a task runs does not change what it computes.
/// </summary>
public static class TaskLabels
{
    /// <summary>The meta key.</summary>
    public const string Key = "labels";

    /// <summary>The task's labels, sorted and without duplicates; throws <see cref="FormatException"/> for a malformed <c>meta.labels</c>.</summary>
    public static IReadOnlyList<string> Of(TaskMeta meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        return meta.Value.GetValueOrDefault(Key) switch
        {
            null => [],
            IpldList list => Normalize(Strings(list)),
            var other => throw new FormatException($"meta.labels must be a list of strings, not {other.Kind}."),
        };
    }

    private static List<string> Strings(IpldList list)
    {
        var strings = new List<string>(list.Count);
        foreach (var item in list.Items)
        {
            strings.Add(item is IpldString s ? s.Value : throw new FormatException($"meta.labels must list strings; found {item.Kind}."));
        }

        return strings;
    }

    /// <summary>Checks and sorts labels given on a command line or in options.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            if (string.IsNullOrWhiteSpace(label) || label.Trim() != label)
            {
                throw new FormatException($"A label must be a non-empty string without surrounding spaces; got '{label}'.");
            }

            set.Add(label);
        }

        return [.. set];
    }

    /// <summary>True when <paramref name="offered"/> holds every label in <paramref name="required"/>.</summary>
    public static bool Satisfies(IReadOnlyList<string> offered, IReadOnlyList<string> required)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(required);
        return required.All(label => offered.Contains(label, StringComparer.Ordinal));
    }
}
