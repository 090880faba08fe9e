using System;
using System.Collections.Generic;
using System.Globalization;

namespace CrossTenantMigration.Emulator.Host
{
    /// <summary>Settings of <see cref="EmulatorHost"/>; <see cref="Parse"/> reads them from the command line.</summary>
    public sealed class EmulatorHostOptions
    {
        /// <summary>HTTP port on 127.0.0.1; 0 picks a free port.</summary>
        public int Port { get; set; }

        /// <summary>Optional HTTPS port on 127.0.0.1 (0 picks a free port); null: no HTTPS listener.</summary>
        public int? HttpsPort { get; set; }

        /// <summary>Where to write the generated self-signed certificate as PEM (with --https-port).</summary>
        public string? CertificateOutputPath { get; set; }

        /// <summary>Exit when this process exits (polled every second).</summary>
        public int? ParentProcessId { get; set; }

        /// <summary>
        /// Puts the hostile layer (test rules, a capture server, request counts; admin API under /_hostile/) in front
        /// of the emulator.
        /// </summary>
        public bool Hostile { get; set; }

        /// <summary>The options of the emulated service.</summary>
        public EmulatorOptions Emulator { get; set; } = new EmulatorOptions();

        /// <summary>Additional endpoints served next to the emulated service (for example a token service).</summary>
        public IList<IEmulatorHostExtension> Extensions { get; } = new List<IEmulatorHostExtension>();

        /// <summary>The command-line usage text.</summary>
        public const string Usage =
            "Usage: CrossTenantMigration.Emulator.Host [--port N] [--https-port N --cert-out PATH] [--step-ms N]\n" +
            "       [--quirks true|false] [--auto-validate true|false] [--page-size N] [--tenant-id GUID] [--parent-pid N]\n" +
            "       [--hostile true|false]\n" +
            "Listens on 127.0.0.1 only and prints EMULATOR_URL=http://127.0.0.1:<port> when ready, then\n" +
            "EMULATOR_HTTPS_URL=https://127.0.0.1:<port> with --https-port (0 = a free port). Both serve the Graph routes,\n" +
            "the admin API (/_emulator/), the Entra ID token service (/{tenant}/oauth2/v2.0/token, /devicecode; use the\n" +
            "HTTPS URL as AuthorityHost) and managed identity (/msi/token, /metadata/identity/oauth2/token).\n" +
            "--hostile true puts a layer that answers as tests tell it (/_hostile/) in front, and prints\n" +
            "CAPTURE_URL=http://127.0.0.2:<port> and CAPTURE_LOOPBACK_URL=http://127.0.0.1:<port>, where foreign links lead.";

        /// <summary>Reads the command line. Throws <see cref="ArgumentException"/> with a readable message on bad input.</summary>
        public static EmulatorHostOptions Parse(IReadOnlyList<string> args)
        {
            var options = new EmulatorHostOptions();
            for (int i = 0; i < args.Count; i++)
            {
                string name = args[i];
                string? inline = null;
                int eq = name.IndexOf('=');
                if (name.StartsWith("--", StringComparison.Ordinal) && eq > 0)
                {
                    inline = name.Substring(eq + 1);
                    name = name.Substring(0, eq);
                }

                string Value()
                {
                    if (inline != null)
                    {
                        return inline;
                    }

                    if (i + 1 >= args.Count)
                    {
                        throw new ArgumentException($"Missing value for {name}.");
                    }

                    return args[++i];
                }

                switch (name.ToLowerInvariant())
                {
                    case "--port":
                        options.Port = ParsePort(name, Value());
                        break;
                    case "--https-port":
                        options.HttpsPort = ParsePort(name, Value());
                        break;
                    case "--cert-out":
                        options.CertificateOutputPath = Value();
                        break;
                    case "--step-ms":
                        options.Emulator.StepDuration = TimeSpan.FromMilliseconds(Int(name, Value(), 0, int.MaxValue));
                        break;
                    case "--quirks":
                        options.Emulator.Quirks = Bool(name, Value());
                        break;
                    case "--auto-validate":
                        options.Emulator.AutoValidateOnCreate = Bool(name, Value());
                        break;
                    case "--page-size":
                        options.Emulator.PageSize = Int(name, Value(), 1, 999);
                        break;
                    case "--tenant-id":
                        string tenant = Value();
                        if (!Guid.TryParseExact(tenant, "D", out _))
                        {
                            throw new ArgumentException($"{name} must be a GUID.");
                        }

                        options.Emulator.TargetTenantId = tenant;
                        break;
                    case "--hostile":
                        options.Hostile = Bool(name, Value());
                        break;
                    case "--parent-pid":
                        options.ParentProcessId = Int(name, Value(), 1, int.MaxValue);
                        break;
                    default:
                        throw new ArgumentException($"Unknown argument '{args[i]}'.");
                }
            }

            if (options.CertificateOutputPath != null && options.HttpsPort == null)
            {
                throw new ArgumentException("--cert-out needs --https-port.");
            }

            return options;
        }

        private static int ParsePort(string name, string value) => Int(name, value, 0, 65535);

        private static int Int(string name, string value, int min, int max)
        {
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
            {
                throw new ArgumentException($"{name} must be an integer from {min} to {max} (was '{value}').");
            }

            return n;
        }

        private static bool Bool(string name, string value)
        {
            if (bool.TryParse(value, out bool b))
            {
                return b;
            }

            throw new ArgumentException($"{name} must be true or false (was '{value}').");
        }
    }
}
