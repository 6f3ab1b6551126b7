using Microsoft.CodeAnalysis.Text;

namespace Ipvm.Durable.Analyzers.Tests.Harness;

/// <summary>
/// Test sources with the expected diagnostics marked in place: <c>{|IPVM0001:DateTime.UtcNow|}</c> expects
/// IPVM0001 on exactly that text. Markers nest.
/// </summary>
internal static class Markup
{
    public static (string Source, List<(string Id, TextSpan Span)> Expected) Parse(string markup)
    {
        var source = new System.Text.StringBuilder(markup.Length);
        var expected = new List<(string, TextSpan)>();
        var open = new Stack<(string Id, int Start)>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                var colon = markup.IndexOf(':', i + 2);
                open.Push((markup.Substring(i + 2, colon - i - 2), source.Length));
                i = colon;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
            {
                var (id, start) = open.Pop();
                expected.Add((id, TextSpan.FromBounds(start, source.Length)));
                i++;
            }
            else
            {
                source.Append(markup[i]);
            }
        }

        Assert.True(open.Count == 0, "Unclosed {| marker in the test source.");
        return (source.ToString(), expected);
    }
}
