namespace Ipvm.Durable.Analyzers.Tests.Harness;

/// <summary>Pieces shared by test sources.</summary>
internal static class Sources
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Ipvm.Durable;

        """;
}
