namespace Watchdog.Integrations.Storage;

/// <summary>One forward step of a journal's schema (SQLite's or PostgreSQL's). Steps are never edited once released: add a new one.</summary>
internal sealed record Migration(int Version, string Sql);
