using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace CrossTenantMigration
{
    /// <summary>What an administrator should do about one per-user error code, and where Microsoft explains the code.</summary>
    public sealed class UserErrorRemedy
    {
        internal UserErrorRemedy(string? code, string? area, string text, string helpUri, bool isListed)
        {
            Code = code;
            Area = area;
            Text = text;
            HelpUri = helpUri;
            IsListed = isListed;
        }

        /// <summary>The code as the module's list spells it; for a code not in the list, the code as given (trimmed); null when none was given.</summary>
        public string? Code { get; }

        /// <summary>The family of the code: identity, migration, batch, exchange, teams, meetings or onedrive; null when the code is not listed.</summary>
        public string? Area { get; }

        /// <summary>One or two sentences on what to do.</summary>
        public string Text { get; }

        /// <summary>Microsoft's page for the code: the section that lists it, or the whole page when the code is not listed.</summary>
        public string HelpUri { get; }

        /// <summary>True when the module's list knows the code.</summary>
        public bool IsListed { get; }

        public override string ToString() => Text;
    }

    /// <summary>
    /// The remedies for the per-user error codes of Microsoft's "Resolve errors during orchestrated migration" page
    /// (<see cref="PageUri"/>). The table is the embedded file Remedies/orchestrated-migration-errors.tsv; it is read
    /// on the first lookup, so loading the module never pays for it.
    /// </summary>
    public static class UserErrorRemedies
    {
        /// <summary>Microsoft's list of orchestrated-migration errors.</summary>
        public const string PageUri = "https://learn.microsoft.com/en-us/troubleshoot/microsoft-365/admin/orchestrated-migration/resolve-orchestrated-migration-errors";

        private const string ResourceName = "CrossTenantMigration.Remedies.orchestrated-migration-errors.tsv";
        private const string Header = "code\tarea\tremedy\thelpUri";

        private static readonly Lazy<Table> Loaded = new Lazy<Table>(Load, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>Every listed code, in the order of the table.</summary>
        public static IReadOnlyList<UserErrorRemedy> All => Loaded.Value.Rows;

        /// <summary>
        /// The remedy for a code, matched without regard to case or surrounding spaces.
        /// A code the list does not hold gets no guessed remedy: the text says the list has none, and the link is
        /// Microsoft's whole page. An error without a code (null, empty or blank) gets a text saying that no code was
        /// given, and the same link. The result is never null.
        /// </summary>
        public static UserErrorRemedy For(string? code)
        {
            string? trimmed = code?.Trim();
            if (string.IsNullOrEmpty(trimmed))
                return new UserErrorRemedy(null, null,
                    "The service gave no code for this error; read its message, and see Microsoft's list of orchestrated-migration errors.",
                    PageUri, isListed: false);
            if (Loaded.Value.ByCode.TryGetValue(trimmed!, out var remedy))
                return remedy;
            return new UserErrorRemedy(trimmed, null,
                $"The module's list has no remedy for code {trimmed}; see Microsoft's list of orchestrated-migration errors.",
                PageUri, isListed: false);
        }

        private sealed class Table
        {
            public Table(List<UserErrorRemedy> rows, Dictionary<string, UserErrorRemedy> byCode)
            {
                Rows = rows;
                ByCode = byCode;
            }

            public IReadOnlyList<UserErrorRemedy> Rows { get; }
            public Dictionary<string, UserErrorRemedy> ByCode { get; }
        }

        private static Table Load()
        {
            var assembly = typeof(UserErrorRemedies).Assembly;
            using var stream = assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The assembly {assembly.GetName().Name} does not embed {ResourceName}.");
            using var reader = new StreamReader(stream);
            return Parse(reader);
        }

        // A malformed table is a defect of the build, so parsing stops at the first bad line rather than skipping it.
        private static Table Parse(TextReader reader)
        {
            var rows = new List<UserErrorRemedy>();
            var byCode = new Dictionary<string, UserErrorRemedy>(StringComparer.OrdinalIgnoreCase);
            bool headerSeen = false;
            int lineNumber = 0;
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                lineNumber++;
                line = line.TrimEnd('\r');   // a checkout with CRLF endings
                if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal))
                    continue;
                if (!headerSeen)
                {
                    if (!string.Equals(line, Header, StringComparison.Ordinal))
                        throw Malformed(lineNumber, $"the header must be \"{Header.Replace("\t", "\\t")}\"");
                    headerSeen = true;
                    continue;
                }
                string[] fields = line.Split('\t');
                if (fields.Length != 4)
                    throw Malformed(lineNumber, $"it has {fields.Length} fields instead of 4");
                for (int i = 0; i < fields.Length; i++)
                {
                    fields[i] = fields[i].Trim();
                    if (fields[i].Length == 0)
                        throw Malformed(lineNumber, "a field is empty");
                }
                var remedy = new UserErrorRemedy(fields[0], fields[1], fields[2], fields[3], isListed: true);
                if (byCode.ContainsKey(remedy.Code!))
                    throw Malformed(lineNumber, $"the code {remedy.Code} is listed twice");
                byCode.Add(remedy.Code!, remedy);
                rows.Add(remedy);
            }
            if (!headerSeen)
                throw Malformed(lineNumber, "it has no header");
            return new Table(rows, byCode);
        }

        private static InvalidDataException Malformed(int lineNumber, string reason) =>
            new InvalidDataException($"{ResourceName}, line {lineNumber}: {reason}.");
    }
}
