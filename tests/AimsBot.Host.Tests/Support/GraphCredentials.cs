using AimsBot.Testing;
using Azure.Core;
using Moq;

namespace AimsBot.Host.Tests.Support;

/// <summary>The one edge Graph tests mock: Entra cannot be reached here, so the token credential hands out a fixed token.</summary>
public static class GraphCredentials
{
    public const string Token = "graph-token-for-the-bot";

    public static Mock<TokenCredential> Fixed(string token = Token)
    {
        var credential = new Mock<TokenCredential>();
        credential.Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccessToken(token, TestClock.FarFuture));
        return credential;
    }
}
