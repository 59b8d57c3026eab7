using System.Net.Sockets;
using Npgsql;

namespace Watchdog.Hosting;

/// <summary>Which failures to open the journal are waited out: the server cannot be reached (yet). Anything else stops start-up.</summary>
internal static class StoreFaults
{
    /// <summary>
    /// True for a server that is down, restarting, starting up, out of connections or not on the network: Npgsql's own
    /// transient errors, and sockets or timeouts. A refused password, a missing database or a newer schema are not: they
    /// need a person, and start-up stops naming them.
    /// </summary>
    public static bool Unreachable(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is NpgsqlException npgsql) return npgsql.IsTransient;
            if (x is SocketException or TimeoutException) return true;
        }

        return false;
    }
}
