using System.Runtime.InteropServices;

namespace IncidentKit.TestSupport;

// Compiled into every test project (tests/Directory.Build.targets): each target's test host must run on the runtime of
// that target, so a net8.0 host that silently rolled forward to .NET 10 (no .NET 8 runtime installed) fails here.
public sealed class TargetRuntimeTests
{
#if NET10_0_OR_GREATER
    private const int TargetMajor = 10;
#else
    private const int TargetMajor = 8;
#endif

    [Fact]
    public void EnvironmentVersion_TestHost_IsTheRuntimeOfTheBuildTarget()
    {
        Assert.Equal(TargetMajor, Environment.Version.Major);
        Assert.StartsWith($".NET {TargetMajor}.", RuntimeInformation.FrameworkDescription, StringComparison.Ordinal);
    }
}
