using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using IncidentKit.AspNetCore.Security;
using IncidentKit.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NodaTime;

namespace IncidentKit.AspNetCore.Tests;

public sealed class AuthenticationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/incidents")]
    [InlineData("/api/oncall")]
    [InlineData("/api/incidents/stream")]
    [InlineData("/api/me")]
    public async Task Get_NoCredentials_Answers401(string path)
    {
        await using var host = await ApiHost.StartAsync(configure: b => { });
        using var client = host.Client(null);

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownKey_Answers401()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ik_" + new string('x', 40));

        using var response = await client.GetAsync("/api/incidents", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_RevokedKey_Answers401()
    {
        await using var host = await ApiHost.StartAsync();
        using var admin = host.Client("a-admin");
        using var client = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/incidents", Ct)).StatusCode);
        var keyId = (await host.Services.GetRequiredService<IApiKeyStore>().FindByHashAsync(ApiKeys.Hash(host.Key("a-responder")), Ct))!.Id;

        using (var revoke = await admin.DeleteAsync($"/api/keys/{keyId}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/incidents", Ct)).StatusCode);
    }

    [Fact]
    public async Task Keys_AdminCreatesKey_NewKeyWorksAndIsStoredHashed()
    {
        await using var host = await ApiHost.StartAsync();
        using var admin = host.Client("a-admin");

        using var created = await ApiHost.PostAsync(admin, "/api/keys", new { user = "newbie", roles = new[] { "responder" }, name = "laptop" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await ApiHost.JsonAsync(created))["key"]!.GetValue<string>();
        Assert.StartsWith("ik_", key);
        var stored = await host.Services.GetRequiredService<IApiKeyStore>().ListAsync(ApiHost.TenantA, Ct);
        Assert.DoesNotContain(stored, k => k.Hash == key || k.Id == key);
        Assert.Contains(stored, k => k.Hash == ApiKeys.Hash(key));
        using var newbie = host.Client(null);
        newbie.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var me = await ApiHost.JsonAsync(await newbie.GetAsync("/api/me", Ct));
        Assert.Equal("newbie", me["user"]!.GetValue<string>());
        Assert.Equal("tenant-a", me["tenant"]!.GetValue<string>());
    }

    [Fact]
    public async Task Keys_Responder_Answers403()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();

        using var response = await client.GetAsync("/api/keys", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_ValidKeyForm_SetsHttpOnlySameSiteCookieThatAuthenticates()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client(null);

        using var response = await client.PostAsync("/account/signin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["apiKey"] = host.Key("a-commander"), ["returnUrl"] = "/incident.html?id=1" }), Ct);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/incident.html?id=1", response.Headers.Location!.OriginalString);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(host.Key("a-commander"), setCookie, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("Cookie", setCookie.Split(';')[0]);
        var me = await ApiHost.JsonAsync(await client.SendAsync(request, Ct));
        Assert.Equal("carl", me["user"]!.GetValue<string>());
        Assert.Equal(["incident-commander"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task SignIn_BadKeyForm_RedirectsToSignInPageWithoutCookie()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client(null);

        using var response = await client.PostAsync("/account/signin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["apiKey"] = "ik_wrongwrongwrongwrongwrong" }), Ct);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/signin.html?error=invalid-key", response.Headers.Location!.OriginalString);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task SignIn_OffsiteReturnUrl_RedirectsHome()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client(null);

        using var response = await client.PostAsync("/account/signin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["apiKey"] = host.Key("a-viewer"), ["returnUrl"] = "//evil.example/" }), Ct);

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignIn_CrossSiteOrigin_Answers403()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client(null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["apiKey"] = host.Key("a-viewer") }),
        };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Cookie_KeyRevokedAfterSignIn_SessionEnds()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client(null);
        using var signIn = await client.PostAsync("/account/signin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["apiKey"] = host.Key("a-viewer") }), Ct);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var record = (await host.Services.GetRequiredService<IApiKeyStore>().FindByHashAsync(ApiKeys.Hash(host.Key("a-viewer")), Ct))!;

        await host.Services.GetRequiredService<IApiKeyStore>().RevokeAsync(ApiHost.TenantA, record.Id, Instant.FromUtc(2026, 3, 2, 11, 0), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/incidents");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Jwt_TokenWithTenantAndRole_ActsInThatTenant()
    {
        var secret = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("a-test-signing-key-of-at-least-32-bytes!"));
        await using var host = await ApiHost.StartAsync(api: o => o.ConfigureJwtBearer = j =>
        {
            j.RequireHttpsMetadata = false;
            j.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = "https://idp.test",
                ValidAudience = "incidentkit",
                IssuerSigningKey = secret,
            };
        });
        string Token(Dictionary<string, object> claims) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://idp.test",
            Audience = "incidentkit",
            Claims = claims,
            NotBefore = DateTime.UtcNow.AddMinutes(-5),
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(secret, SecurityAlgorithms.HmacSha256),
        });
        using var client = host.Client(null);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Token(new() { ["sub"] = "jwt-user", ["tenant"] = "tenant-b", ["roles"] = "responder" }));
        var id = await ApiHost.OpenAsync(client);
        var me = await ApiHost.JsonAsync(await client.GetAsync("/api/me", Ct));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(new() { ["sub"] = "no-tenant", ["roles"] = "admin" }));
        using var withoutTenant = await client.GetAsync("/api/incidents", Ct);
        using var otherTenant = host.Client("a-admin");
        using var fromA = await otherTenant.GetAsync($"/api/incidents/{id}", Ct);

        Assert.Equal("jwt-user", me["user"]!.GetValue<string>());
        Assert.Equal("tenant-b", me["tenant"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, withoutTenant.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, fromA.StatusCode);
    }
}
