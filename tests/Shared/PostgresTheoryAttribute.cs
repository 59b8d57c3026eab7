namespace Watchdog.Testing;

/// <summary>A theory that needs a real PostgreSQL: skipped like <see cref="PostgresFactAttribute"/> on a developer machine without one, never in CI.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (new PostgresFactAttribute().Skip is { } skip) Skip = skip;
    }
}
