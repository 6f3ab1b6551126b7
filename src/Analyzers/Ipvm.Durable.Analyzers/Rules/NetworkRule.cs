using System.Collections.Immutable;
using Ipvm.Durable.Analyzers.Apis;

namespace Ipvm.Durable.Analyzers.Rules;

/// <summary>IPVM0007: the network and other I/O clients.</summary>
internal static class NetworkRule
{
    public static readonly ApiFamily Apis = new(DiagnosticDescriptors.Network, "uses the network through", ImmutableArray.Create(
        "N:System.Net.Http",
        "N:System.Net.Sockets",
        "N:System.Net.Mail",
        "N:System.Net.NetworkInformation",
        "N:System.Net.WebSockets",
        "N:System.Net.Security",
        "N:System.Net.Quic",
        "N:System.IO.Pipes",
        "T:System.Net.WebClient",
        "T:System.Net.WebRequest",
        "T:System.Net.HttpWebRequest",
        "T:System.Net.FtpWebRequest",
        "T:System.Net.FileWebRequest",
        "T:System.Net.HttpListener",
        "T:System.Net.Dns",
        "T:System.IO.Ports.SerialPort"));
}
