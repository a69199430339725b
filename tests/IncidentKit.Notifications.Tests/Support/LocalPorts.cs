using System.Net;
using System.Net.Sockets;

namespace IncidentKit.Notifications.Tests.Support;

internal static class LocalPorts
{
    // The OS picks a free port for a throwaway listener; the caller binds it right after. Another process could take it in
    // between, so callers retry with a new port when binding fails.
    internal static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
