using System.Net;
using Azure.Identity;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Polly.Timeout;

namespace AimsBot.Graph;

/// <summary>Turns what Graph (or the way to it) threw into a <see cref="DirectoryException"/> a person can read.</summary>
internal static class GraphErrors
{
    /// <param name="doing">What the bot was doing, as a phrase after "couldn't": "find that person".</param>
    /// <param name="permission">The application permission the call needs, named when Graph says 401/403.</param>
    /// <param name="notFound">The sentence for a 404, when the default ("Microsoft 365 doesn't know that person") would mislead.</param>
    public static DirectoryException Translate(Exception exception, string doing, string permission, string? notFound = null)
    {
        switch (exception)
        {
            case DirectoryException directory:
                return directory;
            case ApiException api:
                var detail = (api as ODataError)?.Error?.Message;
                return api.ResponseStatusCode switch
                {
                    (int)HttpStatusCode.BadRequest => new DirectoryException(DirectoryFailure.InvalidRequest,
                        $"Microsoft Graph refused the request, so I couldn't {doing}{(string.IsNullOrWhiteSpace(detail) ? "." : ": " + detail)}", api),
                    (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden => new DirectoryException(DirectoryFailure.Forbidden,
                        $"I'm not allowed to {doing} in Microsoft 365: an administrator must grant the bot's app the {permission} permission in Microsoft Graph.", api),
                    (int)HttpStatusCode.NotFound => new DirectoryException(DirectoryFailure.NotFound,
                        notFound ?? $"Microsoft 365 doesn't know that person, so I couldn't {doing}.", api),
                    (int)HttpStatusCode.TooManyRequests => new DirectoryException(DirectoryFailure.Throttled,
                        $"Microsoft Graph is busy right now, so I couldn't {doing}. Please try again in a minute.", api),
                    _ => new DirectoryException(DirectoryFailure.Unavailable,
                        $"Microsoft Graph answered with an error ({api.ResponseStatusCode}), so I couldn't {doing}. Please try again later.", api),
                };
            case AuthenticationFailedException or CredentialUnavailableException:
                return new DirectoryException(DirectoryFailure.Forbidden,
                    $"I couldn't sign in to Microsoft Graph, so I couldn't {doing}. An administrator should check the bot's credentials.", exception);
            case GraphConfigurationException:
                // The credential could not be built from configuration; the message names the setting.
                return new DirectoryException(DirectoryFailure.NotConfigured, $"I couldn't {doing}: {exception.Message}", exception);
            case HttpRequestException or TimeoutRejectedException or TaskCanceledException or TimeoutException:
                return new DirectoryException(DirectoryFailure.Unavailable,
                    $"Microsoft Graph didn't answer, so I couldn't {doing}. Please try again later.", exception);
            default:
                return new DirectoryException(DirectoryFailure.Unavailable,
                    $"Something went wrong talking to Microsoft Graph, so I couldn't {doing}. Please try again later.", exception);
        }
    }
}
