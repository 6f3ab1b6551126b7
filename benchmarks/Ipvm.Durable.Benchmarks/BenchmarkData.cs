using Ipvm.Durable.Ipld;

namespace Ipvm.Durable.Benchmarks;

/// <summary>Inputs shared by the benchmarks, built deterministically.</summary>
public static class BenchmarkData
{
    /// <summary>Finds ../shared/conformance beside the repository root.</summary>
    public static string ConformanceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ipvm.Durable.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance"));
            }
        }

        throw new DirectoryNotFoundException("Ipvm.Durable.sln was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A byte string of <paramref name="length"/> pseudo-random bytes.</summary>
    public static IpldBytes Bytes(int length)
    {
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes);
        return new IpldBytes(bytes);
    }

    /// <summary>A map of <paramref name="count"/> small entries: short keys, small integers and strings.</summary>
    public static IpldMap SmallMap(int count)
    {
        var entries = new KeyValuePair<string, IpldValue>[count];
        for (var i = 0; i < count; i++)
        {
            IpldValue value = (i % 2) == 0 ? (long)(i % 1000) : "v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            entries[i] = new("k" + i.ToString("x5", System.Globalization.CultureInfo.InvariantCulture), value);
        }

        return IpldMap.Create(entries);
    }
}
