global using Watchdog.Core.Tests.Fakes;
global using Watchdog.Testing;
