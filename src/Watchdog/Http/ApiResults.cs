using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Watchdog.Http;

/// <summary>JSON answers through <see cref="ApiJson"/>'s contracts, so no answer depends on reflection.</summary>
public static class ApiResults
{
    public static IResult Json<T>(T value, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(value, Contract<T>(), statusCode: statusCode);

    public static IResult Error(string error, int statusCode) => Json(new ApiError(error), statusCode);

    public static IResult NotFound(string error) => Error(error, StatusCodes.Status404NotFound);

    public static IResult BadRequest(string error) => Error(error, StatusCodes.Status400BadRequest);

    /// <summary>202 with a Location header.</summary>
    public static IResult Accepted<T>(string location, T value) => Results.Accepted(location, value);

    public static JsonTypeInfo<T> Contract<T>() =>
        ApiJson.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T> ?? throw new InvalidOperationException($"{typeof(T)} is not in ApiJson");
}
