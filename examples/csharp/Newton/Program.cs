using System;
using System.Globalization;
using SymGraph;

namespace Newton;

/// <summary>Two classic test functions written as plain C#; the generator adds their gradients and Hessians.</summary>
internal static partial class TestFunctions
{
    /// <summary>Rosenbrock's banana: minimum 0 at (1, 1).</summary>
    [Differentiable(Hessian = true)]
    public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    /// <summary>Himmelblau's function: four minima of value 0, one at (3, 2).</summary>
    [Differentiable(Hessian = true)]
    public static double Himmelblau(double x, double y)
    {
        double a = x * x + y - 11;
        double b = x + y * y - 7;
        return a * a + b * b;
    }
}

/// <summary>Newton's method with the generated gradient and Hessian: x ← x − H⁻¹·g, printing every iterate.</summary>
internal static class Program
{
    private delegate double WithHessian(double x, double y, Span<double> gradient, Span<double> hessian);

    private delegate double WithHvp(double x, double y, ReadOnlySpan<double> v, Span<double> gradient, Span<double> hv);

    private static void Main()
    {
        Minimize("Rosenbrock", TestFunctions.RosenbrockHessian, TestFunctions.RosenbrockHessianVectorProduct, -1.2, 1.0);
        Minimize("Himmelblau", TestFunctions.HimmelblauHessian, TestFunctions.HimmelblauHessianVectorProduct, 4.0, 4.0);
    }

    private static void Minimize(string name, WithHessian f, WithHvp hvp, double x, double y)
    {
        Console.WriteLine($"{name}, Newton's method from ({F(x)}, {F(y)})");
        Span<double> g = stackalloc double[2];
        Span<double> h = stackalloc double[4];
        for (int k = 0; k <= 50; k++)
        {
            double value = f(x, y, g, h);
            double norm = Math.Sqrt(g[0] * g[0] + g[1] * g[1]);
            Console.WriteLine($"  {k,2}  x = ({F(x)}, {F(y)})  f = {F(value)}  |g| = {F(norm)}");
            if (norm < 1e-10) break;
            // Solve H·d = g (2×2, by Cramer's rule) and step x ← x − d.
            double det = h[0] * h[3] - h[1] * h[2];
            x -= (h[3] * g[0] - h[1] * g[1]) / det;
            y -= (h[0] * g[1] - h[2] * g[0]) / det;
        }
        Span<double> v = stackalloc double[] { 1, 0 };
        Span<double> hv = stackalloc double[2];
        hvp(x, y, v, g, hv);
        Console.WriteLine($"  H·(1, 0) at the minimum (the Hessian-vector product): ({F(hv[0])}, {F(hv[1])})");
    }

    private static string F(double v) => v.ToString("G10", CultureInfo.InvariantCulture);
}
