namespace SymGraph.Generators.Tests;

/// <summary>The C# test functions of door (b), as a user would write them (compiled by the tests, not by this project).</summary>
internal static class Functions
{
    public const string Source = """
        using System;
        using SymGraph;

        namespace Tests.Functions;

        public static partial class F
        {
            private const double Scale = 2.5;

            [Differentiable(Hessian = true)] public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
            [Differentiable(Hessian = true)] public static double Himmelblau(double x, double y) => Math.Pow(x * x + y - 11, 2) + Math.Pow(x + y * y - 7, 2);
            [Differentiable(Hessian = true)] public static double Booth(double x, double y) => (x + 2 * y - 7) * (x + 2 * y - 7) + (2 * x + y - 5) * (2 * x + y - 5);
            [Differentiable(Hessian = true)]
            public static double Beale(double x, double y)
            {
                double a = 1.5 - x + x * y;
                double b = 2.25 - x + x * y * y;
                double c = 2.625 - x + x * y * y * y;
                return a * a + b * b + c * c;
            }
            [Differentiable(Hessian = true)] public static double Matyas(double x, double y) => 0.26 * (x * x + y * y) - 0.48 * x * y;
            [Differentiable(Hessian = true)] public static double ThreeHumpCamel(double x, double y) => 2 * x * x - 1.05 * Math.Pow(x, 4) + Math.Pow(x, 6) / 6 + x * y + y * y;
            [Differentiable(Hessian = true)]
            public static double Ackley(double x, double y)
            {
                var r = Math.Sqrt(0.5 * (x * x + y * y));
                return -20 * Math.Exp(-0.2 * r) - Math.Exp(0.5 * (Math.Cos(2 * Math.PI * x) + Math.Cos(2 * Math.PI * y))) + Math.E + 20;
            }
            [Differentiable(Hessian = true)]
            public static double Rastrigin(double x, double y) => 20 + x * x - 10 * Math.Cos(2 * Math.PI * x) + y * y - 10 * Math.Cos(2 * Math.PI * y);
            [Differentiable(Hessian = true)]
            public static double Sphere(double a, double b, double c)
            {
                double s = 0;
                s += a * a;
                s += b * b;
                s += c * c;
                return s;
            }
            [Differentiable(Hessian = true)]
            public static double GoldsteinPrice(double x, double y)
            {
                double p = x + y + 1;
                double q = 2 * x - 3 * y;
                double a = 1 + p * p * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y);
                double b = 30 + q * q * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y);
                return a * b;
            }
            [Differentiable(Hessian = true)]
            public static double Levi(double x, double y)
            {
                double s = Math.Sin(3 * Math.PI * x), t = Math.Sin(3 * Math.PI * y), u = Math.Sin(2 * Math.PI * y);
                return s * s + (x - 1) * (x - 1) * (1 + t * t) + (y - 1) * (y - 1) * (1 + u * u);
            }
            [Differentiable(Hessian = true)] public static double McCormick(double x, double y) => Math.Sin(x + y) + (x - y) * (x - y) - 1.5 * x + 2.5 * y + 1;
            [Differentiable(Hessian = true)] public static double StyblinskiTang(double x, double y) => (Math.Pow(x, 4) - 16 * x * x + 5 * x + Math.Pow(y, 4) - 16 * y * y + 5 * y) / 2;
            [Differentiable(Hessian = true)]
            public static double SixHumpCamel(double x, double y) => (4 - 2.1 * x * x + Math.Pow(x, 4) / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y;
            [Differentiable(Hessian = true)] public static double Softplus(double x) => x > 20 ? x : Math.Log(1 + Math.Exp(x));
            [Differentiable(Hessian = true)]
            public static double Huber(double r, double d) => Math.Abs(r) <= d ? 0.5 * r * r : d * (Math.Abs(r) - 0.5 * d);
            [Differentiable] private static double Square(double t) => t * t;
            [Differentiable(Hessian = true)] public static double Nested(double x, double y) => Square(x) + 2 * Rosenbrock(x, y) + Square(Square(y - x));
            [Differentiable(Hessian = true)] public static double MaxMinTanh(double x, double y) => Math.Max(x, y) * Math.Tanh(x) + Math.Min(x, 0.5);
            [Differentiable(Hessian = true)] public static double TanLog(double x, double y) => Math.Tan(x) * Math.Log(y);
            [Differentiable(Hessian = true)] public static double PowVariable(double x, double y) => Math.Pow(x, y) + Math.Pow(y, 0.5);
            [Differentiable(Hessian = true)] public static double DivisionConstant(double x, double y) => x / (1 + y * y) + Scale * x - (double)3 * y;
            [Differentiable(Hessian = true)]
            internal static double Compound(double x, double y)
            {
                double p = x + 1;
                p *= y;
                p /= 1 + x * x;
                p -= Math.Cos(y);
                x = x * 2;
                return p + x * y;
            }
            [Differentiable(Hessian = true)]
            public static double Logistic(double w0, double w1, double b)
            {
                double z1 = w0 * 0.5 - w1 * 1.5 + b, z2 = -w0 * 2 + w1 * 0.25 + b;
                return Math.Log(1 + Math.Exp(-z1)) + Math.Log(1 + Math.Exp(z2)) + 0.01 * (w0 * w0 + w1 * w1);
            }
        }
        """;

    /// <summary>Every function, with its parameter count and a region its test points come from (away from kinks and poles).</summary>
    public static readonly (string Name, int Arity, double Low, double High)[] All =
    {
        ("Rosenbrock", 2, -1.5, 1.5), ("Himmelblau", 2, -4, 4), ("Booth", 2, -5, 5), ("Beale", 2, -2, 2), ("Matyas", 2, -5, 5),
        ("ThreeHumpCamel", 2, -2, 2), ("Ackley", 2, 0.2, 2), ("Rastrigin", 2, -3, 3), ("Sphere", 3, -3, 3), ("GoldsteinPrice", 2, -1, 1),
        ("Levi", 2, -2, 2), ("McCormick", 2, -1.5, 3), ("StyblinskiTang", 2, -4, 4), ("SixHumpCamel", 2, -2, 2), ("Softplus", 1, -5, 5),
        ("Huber", 2, 0.5, 3), ("Nested", 2, -1.2, 1.2), ("MaxMinTanh", 2, -1, 1), ("TanLog", 2, 0.2, 1.2), ("PowVariable", 2, 0.5, 2),
        ("DivisionConstant", 2, -2, 2), ("Compound", 2, -2, 2), ("Logistic", 3, -2, 2),
    };
}
