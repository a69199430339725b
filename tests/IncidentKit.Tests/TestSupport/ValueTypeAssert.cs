using System.Reflection;

namespace IncidentKit.Tests.TestSupport;

/// <summary>One set of equality and ordering checks for every value type (after NodaTime's TestHelper.TestEqualsStruct / TestCompareToStruct).</summary>
internal static class ValueTypeAssert
{
    /// <summary>Checks Equals (typed and object), GetHashCode and the == / != operators.</summary>
    public static void EqualsStruct<T>(T value, T equalValue, params T[] unequalValues)
        where T : struct, IEquatable<T>
    {
        Assert.True(value.Equals(value));
        Assert.True(value.Equals(equalValue));
        Assert.True(equalValue.Equals(value));
        Assert.True(value.Equals((object)equalValue));
        Assert.Equal(value.GetHashCode(), equalValue.GetHashCode());
        Assert.True(Operator<T>("op_Equality", value, equalValue));
        Assert.False(Operator<T>("op_Inequality", value, equalValue));
        Assert.False(value.Equals(null));
        Assert.False(value.Equals(new object()));

        Assert.NotEmpty(unequalValues);
        foreach (var other in unequalValues)
        {
            Assert.False(value.Equals(other));
            Assert.False(other.Equals(value));
            Assert.False(value.Equals((object)other));
            Assert.False(Operator<T>("op_Equality", value, other));
            Assert.True(Operator<T>("op_Inequality", value, other));
        }
    }

    /// <summary>Checks CompareTo and, where defined, the &lt; &gt; &lt;= &gt;= operators for a value, an equal value and a greater one.</summary>
    public static void CompareToStruct<T>(T value, T equalValue, T greaterValue)
        where T : struct, IComparable<T>
    {
        Assert.Equal(0, value.CompareTo(equalValue));
        Assert.True(value.CompareTo(greaterValue) < 0);
        Assert.True(greaterValue.CompareTo(value) > 0);
        Assert.Equal([value, greaterValue], new[] { greaterValue, value }.Order());

        if (typeof(T).GetMethod("op_LessThan", BindingFlags.Public | BindingFlags.Static) is null)
        {
            return;
        }

        Assert.True(Operator<T>("op_LessThan", value, greaterValue));
        Assert.False(Operator<T>("op_LessThan", value, equalValue));
        Assert.False(Operator<T>("op_LessThan", greaterValue, value));
        Assert.True(Operator<T>("op_GreaterThan", greaterValue, value));
        Assert.False(Operator<T>("op_GreaterThan", value, equalValue));
        Assert.False(Operator<T>("op_GreaterThan", value, greaterValue));
        Assert.True(Operator<T>("op_LessThanOrEqual", value, equalValue));
        Assert.True(Operator<T>("op_LessThanOrEqual", value, greaterValue));
        Assert.False(Operator<T>("op_LessThanOrEqual", greaterValue, value));
        Assert.True(Operator<T>("op_GreaterThanOrEqual", value, equalValue));
        Assert.True(Operator<T>("op_GreaterThanOrEqual", greaterValue, value));
        Assert.False(Operator<T>("op_GreaterThanOrEqual", value, greaterValue));
    }

    private static bool Operator<T>(string name, T left, T right)
    {
        var method = typeof(T).GetMethod(name, BindingFlags.Public | BindingFlags.Static, [typeof(T), typeof(T)]);
        Assert.NotNull(method);
        return (bool)method.Invoke(null, [left, right])!;
    }
}
