using System.Text.Json;

namespace Ipvm.Durable.Tests;

/// <summary>Locates ../shared/conformance/homestar-fixtures from the test's output folder.</summary>
internal static class Fixtures
{
    public static string HomestarDirectory { get; } = Find();

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(HomestarDirectory, name));

    public static JsonElement ExpectedCids()
    {
        using var doc = JsonDocument.Parse(Read("expected-cids.json"));
        return doc.RootElement.Clone();
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", "homestar-fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/conformance/homestar-fixtures was not found above " + AppContext.BaseDirectory);
    }
}
