using Watchdog.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Watchdog.Integrations.Tests.Storage;

/// <summary>
/// A fact of the store contract. On a class that runs it against PostgreSQL (<see cref="IRunsOnPostgres"/>) it is
/// skipped or made to fail exactly as <see cref="PostgresFactAttribute"/> would: skipped locally without a server,
/// never in CI. An attribute alone cannot tell which derived class runs an inherited fact; the discoverer can.
/// </summary>
[XunitTestCaseDiscoverer("Watchdog.Integrations.Tests.Storage.StoreFactDiscoverer", "Watchdog.Integrations.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Marks a test class whose journal is a PostgreSQL database.</summary>
public interface IRunsOnPostgres;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var type = (testMethod.TestClass.Class as IReflectionTypeInfo)?.Type;
        if (type is not null && typeof(IRunsOnPostgres).IsAssignableFrom(type) && new PostgresFactAttribute().Skip is { } reason)
        {
            return [new XunitSkippedDataRowTestCase(
                DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
        }

        return base.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
