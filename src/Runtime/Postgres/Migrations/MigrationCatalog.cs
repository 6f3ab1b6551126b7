using System.Globalization;
using System.Reflection;

namespace Ipvm.Durable.Postgres.Migrations;

/// <summary>The migrations embedded in this assembly, in version order, read once.</summary>
internal static class MigrationCatalog
{
    private const string Prefix = "Ipvm.Durable.Postgres.Migrations.";

    private static readonly Lazy<IReadOnlyList<Migration>> Loaded = new(Load);

    public static IReadOnlyList<Migration> All => Loaded.Value;

    /// <summary>The newest version this library knows.</summary>
    public static int Latest => All[^1].Version;

    private static List<Migration> Load()
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var file = resource[Prefix.Length..^".sql".Length];
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(file.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"The embedded migration '{resource}' is not named NNNN_name.sql.");
            }

            migrations.Add(new Migration(version, file[(underscore + 1)..], Read(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Two embedded migrations have version {migrations[i].Version}: {migrations[i - 1].Name} and {migrations[i].Name}.");
            }
        }

        return migrations.Count > 0 ? migrations : throw new InvalidOperationException("No migrations are embedded in Ipvm.Durable.Postgres.");
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
