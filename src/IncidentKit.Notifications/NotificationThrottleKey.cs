using System.Security.Cryptography;
using System.Text;
using IncidentKit.Communication;

namespace IncidentKit.Notifications;

// A recipients key longer than a throttle store takes (a message to hundreds of people) is kept as its SHA-256, which is as
// unique for throttling purposes and fits every store.
internal static class NotificationThrottleKey
{
    public static string For(string recipientsKey) =>
        recipientsKey.Length is > 0 and <= ThrottleContract.MaxRecipientsLength
            ? recipientsKey
            : "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(recipientsKey)));
}
