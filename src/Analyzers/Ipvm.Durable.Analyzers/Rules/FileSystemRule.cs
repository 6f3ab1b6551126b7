using System.Collections.Immutable;
using Ipvm.Durable.Analyzers.Apis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Ipvm.Durable.Analyzers.Rules;

/// <summary>IPVM0006: the file system. Readers and writers count when they are opened on a path.</summary>
internal static class FileSystemRule
{
    public const string Verb = "touches the file system through";

    public static readonly ApiFamily Apis = new(DiagnosticDescriptors.FileSystem, Verb, ImmutableArray.Create(
        "T:System.IO.File",
        "T:System.IO.Directory",
        "T:System.IO.FileStream",
        "T:System.IO.FileInfo",
        "T:System.IO.DirectoryInfo",
        "T:System.IO.FileSystemInfo",
        "T:System.IO.DriveInfo",
        "T:System.IO.FileSystemWatcher",
        "T:System.IO.RandomAccess",
        "M:System.IO.Path.GetTempFileName",
        "M:System.IO.Path.GetTempPath",
        "M:System.IO.Path.GetFullPath",
        "N:System.IO.MemoryMappedFiles",
        "N:System.IO.IsolatedStorage",
        "N:System.IO.Enumeration",
        "T:System.Diagnostics.FileVersionInfo"));

    /// <summary>A description when a reader or writer is opened on a path (its first parameter is a string).</summary>
    public static string? CheckCreation(IObjectCreationOperation creation)
    {
        var constructor = creation.Constructor;
        if (constructor is null || constructor.Parameters.Length == 0
            || constructor.Parameters[0].Type.SpecialType != SpecialType.System_String
            || constructor.ContainingType is not { Name: "StreamReader" or "StreamWriter" or "BinaryReader" or "BinaryWriter" } type
            || type.ContainingNamespace?.ToDisplayString() != "System.IO")
        {
            return null;
        }

        return Verb + " '" + SymbolNames.Api(constructor).Replace("()", "(path)") + "'";
    }
}
