namespace Watchdog.Core.Ports;

/// <summary>The names leases are kept under: one per watched service, and one per live instance (to count them).</summary>
public static class LeaseNames
{
    public const string MemberPrefix = "member:";

    public static string Service(string service) => "service:" + service;

    public static string Member(string instance) => MemberPrefix + instance;
}
