using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CrossTenantMigration.Reporting;
using Xunit;

namespace CrossTenantMigration.PowerShell.Tests
{
    /// <summary>The report's three formats, written to files and read back.</summary>
    public sealed class ReportWritersTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "xt-report-" + Guid.NewGuid().ToString("N"));

        public ReportWritersTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static MigrationUser User(string id, params (string Workload, string Status, string? Code, string? Message)[] workloads) => new MigrationUser
        {
            Id = id,
            Workloads = workloads.Select(w => new MigrationWorkloadStatus
            {
                Workload = w.Workload, Status = w.Status, Message = w.Message,
                Errors = w.Code == null ? Array.Empty<MigrationUserError>() : new[] { new MigrationUserError { Workload = w.Workload, Code = w.Code, Message = w.Message } },
            }).ToArray(),
        };

        private static readonly MigrationJob Wave = new MigrationJob
        {
            Id = "11111111-1111-1111-1111-111111111111", DisplayName = "<script>alert('x')</script> & wave", Status = JobStatus.CompletedWithErrors,
            CompleteAfterDateTime = new DateTimeOffset(2026, 12, 12, 22, 0, 0, TimeSpan.Zero), Message = "Done <b>with</b> errors",
        };

        private static readonly IReadOnlyList<MigrationUser> Users = new[]
        {
            User("aaaaaaaa-0000-0000-0000-000000000001", ("Exchange", "completed", null, null), ("Teams", "completed", null, null), ("Meeting", "completed", null, null)),
            Named(User("aaaaaaaa-0000-0000-0000-000000000002", ("Exchange", "failed", "EXCH-08", "=HYPERLINK(\"http://evil\")"), ("Teams", "failed", "DependentWorkloadFailed", "Not migrated"), ("Meeting", "inProgress", null, null)),
                "adele.vance@fabrikam.example", "Adele <b>Vance</b>", new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero)),
            User("=cmd|' /C calc'!A0", ("Exchange", "invalid", "TargetUserNotEligible", "@SUM(1+1)"), ("Teams", "notStarted", null, null), ("Meeting", "notStarted", null, null)),
        };

        private static MigrationUser Named(MigrationUser user, string upn, string displayName, DateTimeOffset lastUpdated)
        {
            user.UserPrincipalName = upn;
            user.DisplayName = displayName;
            user.LastUpdatedDateTime = lastUpdated;
            return user;
        }

        /// <summary>A zone an hour ahead of UTC all year, so that every time of the report moves by an hour.</summary>
        private static readonly TimeZoneInfo CentralEurope = TimeZoneInfo.CreateCustomTimeZone(
            "Test/Central-Europe", TimeSpan.FromHours(1), "(UTC+01:00) Test", "Central European Standard Time");

        private static readonly DateTimeOffset GeneratedAt = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

        private string Write(ReportFormat format, string name, TimeZoneInfo? zone = null)
        {
            var path = Path.Combine(_dir, name);
            using (var writer = ReportWriters.Create(format, path))
            {
                writer.Begin(new ReportHeader
                {
                    GeneratedAt = GeneratedAt, TenantId = "87654321-4321-4321-4321-210987654321", ApiVersion = "v1.0", Endpoint = "https://graph.microsoft.com/",
                    TimeZone = zone ?? CentralEurope,
                });
                writer.AddJob(Wave, Users);
                writer.End();
            }
            return path;
        }

        private static IReadOnlyList<Dictionary<string, string>> ReadCsv(string path)
        {
            // The writer's rows hold no line breaks here, so a line is a row; fields are split on commas outside quotes.
            var lines = File.ReadAllLines(path, Encoding.UTF8);
            var header = Fields(lines[0]);
            return lines.Skip(1).Select(line => header.Zip(Fields(line), (h, v) => (h, v)).ToDictionary(p => p.h, p => p.v)).ToList();
        }

        private static List<string> Fields(string line)
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = !quoted;
                else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
                else field.Append(c);
            }
            fields.Add(field.ToString());
            return fields;
        }

        [Theory]
        [InlineData("report.html", ReportFormat.Html)]
        [InlineData("REPORT.HTM", ReportFormat.Html)]
        [InlineData("a.b.csv", ReportFormat.Csv)]
        [InlineData("x.json", ReportFormat.Json)]
        public void The_extension_names_the_format(string path, ReportFormat format) => Assert.Equal(format, ReportWriters.FormatOf(path));

        [Fact]
        public void An_unknown_extension_names_none() => Assert.Null(ReportWriters.FormatOf("report.txt"));

        [Fact]
        public void The_CSV_is_UTF8_with_a_BOM_one_row_per_user_and_neutralises_formulas()
        {
            var path = Write(ReportFormat.Csv, "r.csv");
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes.Take(3));
            var lines = File.ReadAllLines(path, Encoding.UTF8);
            Assert.Equal(4, lines.Length);
            Assert.StartsWith("JobName,JobId,UserId,UserPrincipalName,DisplayName,ExchangeStatus", lines[0]);
            Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", lines[2]);
            Assert.Contains("'=cmd|' /C calc'!A0", lines[3]);
            Assert.Contains("'@SUM(1+1)", lines[3]);
            Assert.Equal("'-1", CsvReportWriter.Neutralised("-1"));
            Assert.Equal("'+1", CsvReportWriter.Neutralised("+1"));
            Assert.Equal("plain", CsvReportWriter.Neutralised("plain"));
        }

        // A spreadsheet skips white space and line breaks before a formula, and reads the full-width
        // signs as the ASCII ones: each of these would be evaluated.
        [Theory]
        [InlineData(" =1+1")]
        [InlineData("\n=cmd|' /C calc'!A0")]
        [InlineData("\n\r\n@SUM(1+1)")]
        [InlineData(" \t  +1")]
        [InlineData("  -2+3")]
        [InlineData("\u00A0=1+1")]
        [InlineData("\uFF1DHYPERLINK(\"http://evil\")")]
        [InlineData("\uFF0B1")]
        [InlineData("\uFF0D1")]
        [InlineData("\uFF20SUM(1+1)")]
        [InlineData(" \uFF1D1+1")]
        [InlineData("\n\uFF20SUM(1+1)")]
        public void A_formula_behind_white_space_or_in_full_width_is_neutralised(string value)
        {
            Assert.Equal("'" + value, CsvReportWriter.Neutralised(value));
            Assert.StartsWith("'", CsvReportWriter.Field(value).TrimStart('"'));
        }

        [Theory]
        [InlineData("aaaaaaaa-0000-0000-0000-000000000001")]
        [InlineData("2026-12-20")]
        [InlineData("completedWithErrors")]
        [InlineData(" leading space")]
        [InlineData("a=b")]
        [InlineData("user@contoso.com")]
        [InlineData("   ")]
        public void An_ordinary_value_is_left_as_it_is(string value) => Assert.Equal(value, CsvReportWriter.Neutralised(value));

        [Fact]
        public void The_CSV_has_the_users_names_and_the_remedy_of_the_first_error()
        {
            var path = Write(ReportFormat.Csv, "names.csv");
            Assert.Equal(string.Join(",", CsvReportWriter.Columns), File.ReadAllLines(path, Encoding.UTF8)[0].TrimStart('\uFEFF'));
            Assert.Equal(
                new[] { "JobName", "JobId", "UserId", "UserPrincipalName", "DisplayName", "ExchangeStatus", "ODSPStatus", "TeamsStatus", "MeetingStatus", "ErrorWorkload", "ErrorCode", "ErrorMessage", "Remedy", "CompleteAfterDateTime", "LastUpdatedDateTime" },
                CsvReportWriter.Columns);
            var rows = ReadCsv(path);
            Assert.Equal("", rows[0]["UserPrincipalName"]);
            Assert.Equal("", rows[0]["Remedy"]);
            Assert.Equal("adele.vance@fabrikam.example", rows[1]["UserPrincipalName"]);
            Assert.Equal("Adele <b>Vance</b>", rows[1]["DisplayName"]);
            Assert.Equal("EXCH-08", rows[1]["ErrorCode"]);
            Assert.Equal(UserErrorRemedies.For("EXCH-08").Text, rows[1]["Remedy"]);
            Assert.Equal(UserErrorRemedies.For("TargetUserNotEligible").Text, rows[2]["Remedy"]);
            Assert.Contains("no remedy for code TargetUserNotEligible", rows[2]["Remedy"]);
        }

        [Fact]
        public void The_CSV_gives_times_in_ISO_8601_with_the_offset_of_the_reports_zone()
        {
            var rows = ReadCsv(Write(ReportFormat.Csv, "times.csv"));
            Assert.All(rows, row => Assert.Equal("2026-12-12T23:00:00+01:00", row["CompleteAfterDateTime"]));
            Assert.Equal("2026-07-01T13:00:00+01:00", rows[1]["LastUpdatedDateTime"]);
            Assert.Equal("", rows[0]["LastUpdatedDateTime"]);
            Assert.Equal(Wave.CompleteAfterDateTime, DateTimeOffset.Parse(rows[0]["CompleteAfterDateTime"], System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void The_CSV_neutralises_a_name_a_spreadsheet_would_run()
        {
            var path = Path.Combine(_dir, "formula-name.csv");
            var user = Named(User("bbbbbbbb-0000-0000-0000-000000000001", ("Exchange", "failed", "EXCH-08", "x")), "+1@fabrikam.example", "=HYPERLINK(\"http://evil\")", GeneratedAt);
            using (var writer = ReportWriters.Create(ReportFormat.Csv, path))
            {
                writer.Begin(new ReportHeader { GeneratedAt = GeneratedAt, TimeZone = TimeZoneInfo.Utc });
                writer.AddJob(Wave, new[] { user });
                writer.End();
            }
            var row = ReadCsv(path)[0];
            Assert.Equal("'+1@fabrikam.example", row["UserPrincipalName"]);
            Assert.Equal("'=HYPERLINK(\"http://evil\")", row["DisplayName"]);
            Assert.Equal("2026-12-01T09:30:00+00:00", row["LastUpdatedDateTime"]);
        }

        [Fact]
        public void The_JSON_holds_the_same_rows_nested_by_job_and_parses()
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Write(ReportFormat.Json, "r.json")));
            var job = json.RootElement.GetProperty("jobs")[0];
            Assert.Equal(Wave.DisplayName, job.GetProperty("jobName").GetString());
            Assert.Equal(3, job.GetProperty("users").GetArrayLength());
            var failed = job.GetProperty("users")[1];
            Assert.Equal("failed", failed.GetProperty("exchangeStatus").GetString());
            Assert.Equal("EXCH-08", failed.GetProperty("errorCode").GetString());
            Assert.Equal("v1.0", json.RootElement.GetProperty("apiVersion").GetString());
        }

        [Fact]
        public void The_JSON_has_the_users_names_and_each_errors_remedy_and_page()
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Write(ReportFormat.Json, "names.json")));
            var users = json.RootElement.GetProperty("jobs")[0].GetProperty("users");
            Assert.Equal(JsonValueKind.Null, users[0].GetProperty("userPrincipalName").ValueKind);
            Assert.Equal(JsonValueKind.Null, users[0].GetProperty("remedy").ValueKind);
            Assert.Equal(0, users[0].GetProperty("errors").GetArrayLength());
            var named = users[1];
            Assert.Equal("adele.vance@fabrikam.example", named.GetProperty("userPrincipalName").GetString());
            Assert.Equal("Adele <b>Vance</b>", named.GetProperty("displayName").GetString());
            Assert.Equal(UserErrorRemedies.For("EXCH-08").Text, named.GetProperty("remedy").GetString());
            var errors = named.GetProperty("errors");
            Assert.Equal(2, errors.GetArrayLength());
            Assert.Equal("Exchange", errors[0].GetProperty("workload").GetString());
            Assert.Equal("EXCH-08", errors[0].GetProperty("code").GetString());
            Assert.Equal(UserErrorRemedies.For("EXCH-08").Text, errors[0].GetProperty("remedy").GetString());
            Assert.Equal(UserErrorRemedies.For("EXCH-08").HelpUri, errors[0].GetProperty("helpUri").GetString());
            Assert.Equal("Teams", errors[1].GetProperty("workload").GetString());
            Assert.Equal(UserErrorRemedies.For("DependentWorkloadFailed").Text, errors[1].GetProperty("remedy").GetString());
            Assert.Equal(UserErrorRemedies.PageUri, errors[1].GetProperty("helpUri").GetString());
        }

        [Fact]
        public void The_JSON_names_its_zone_and_gives_every_time_in_ISO_8601_with_its_offset()
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Write(ReportFormat.Json, "times.json")));
            var root = json.RootElement;
            Assert.Equal("Test/Central-Europe", root.GetProperty("timeZone").GetString());
            Assert.Equal("2026-12-01T10:30:00+01:00", root.GetProperty("generatedAt").GetString());
            var job = root.GetProperty("jobs")[0];
            Assert.Equal("2026-12-12T23:00:00+01:00", job.GetProperty("completeAfterDateTime").GetString());
            Assert.Equal(JsonValueKind.Null, job.GetProperty("lastUpdatedDateTime").ValueKind);
            Assert.Equal("2026-07-01T13:00:00+01:00", job.GetProperty("users")[1].GetProperty("lastUpdatedDateTime").GetString());
            // The same instants as the service's: only the way they are written changed.
            Assert.Equal(GeneratedAt, root.GetProperty("generatedAt").GetDateTimeOffset());
            Assert.Equal(Wave.CompleteAfterDateTime, job.GetProperty("completeAfterDateTime").GetDateTimeOffset());
        }

        [Fact]
        public void A_time_in_summer_has_the_summer_offset_of_a_zone_with_daylight_saving()
        {
            var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
            using var json = JsonDocument.Parse(File.ReadAllText(Write(ReportFormat.Json, "dst.json", newYork)));
            var job = json.RootElement.GetProperty("jobs")[0];
            Assert.Equal("2026-12-12T17:00:00-05:00", job.GetProperty("completeAfterDateTime").GetString());
            Assert.Equal("2026-07-01T08:00:00-04:00", job.GetProperty("users")[1].GetProperty("lastUpdatedDateTime").GetString());
            var html = File.ReadAllText(Write(ReportFormat.Html, "dst.html", newYork));
            Assert.Contains("Times are in UTC-05:00 (", html);
            Assert.Contains("daylight saving time", html);
            Assert.Contains("cutover after 2026-12-12 17:00 -05:00", html);
        }

        [Fact]
        public void The_HTML_states_its_zone_and_shows_each_time_with_its_offset()
        {
            var html = File.ReadAllText(Write(ReportFormat.Html, "times.html"));
            Assert.Contains("<p class=\"time-zone\" data-time-zone=\"Test/Central-Europe\" data-utc-offset=\"+01:00\">", html);
            Assert.Contains("Times are in UTC+01:00 (Central European Standard Time, Test/Central-Europe)", html);
            Assert.Contains("Generated 2026-12-01 10:30 +01:00", html);
            Assert.Contains("cutover after 2026-12-12 23:00 +01:00", html);
            Assert.DoesNotContain("UTC</", html);
            Assert.DoesNotContain("22:00", html);
        }

        [Fact]
        public void The_HTML_in_UTC_says_so()
        {
            var html = File.ReadAllText(Write(ReportFormat.Html, "utc.html", TimeZoneInfo.Utc));
            Assert.Contains("Times are in UTC+00:00 (Coordinated Universal Time", html);
            Assert.Contains("cutover after 2026-12-12 22:00 +00:00", html);
        }

        [Fact]
        public void The_HTML_failed_users_table_names_the_user_and_says_what_to_do()
        {
            var html = File.ReadAllText(Write(ReportFormat.Html, "failures.html"));
            var failures = html.Substring(html.IndexOf("<table class=\"failures\">", StringComparison.Ordinal));
            Assert.Contains("<th>Error code</th><th>Message</th><th>What to do</th>", failures);
            var named = Row(failures, "aaaaaaaa-0000-0000-0000-000000000002", "Exchange");
            Assert.Contains("<span class=\"upn\" title=\"aaaaaaaa-0000-0000-0000-000000000002\">adele.vance@fabrikam.example</span>", named);
            Assert.Contains("<span class=\"display-name\">Adele &lt;b&gt;Vance&lt;/b&gt;</span>", named);
            var exch08 = UserErrorRemedies.For("EXCH-08");
            Assert.Contains($"<td class=\"remedy\">{System.Net.WebUtility.HtmlEncode(exch08.Text)} <a href=\"{exch08.HelpUri}\" rel=\"noreferrer\">Microsoft&#39;s page on EXCH-08</a></td>", named);
            // A user the directory was not asked about is shown by id, as before.
            var byId = Row(failures, "=cmd|&#39; /C calc&#39;!A0", "Exchange");
            Assert.Contains("<td><code>=cmd|&#39; /C calc&#39;!A0</code></td>", byId);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(UserErrorRemedies.For("TargetUserNotEligible").Text), byId);
            Assert.Contains("no remedy for code TargetUserNotEligible", byId);
            Assert.Contains($"<a href=\"{UserErrorRemedies.PageUri}\" rel=\"noreferrer\">Microsoft&#39;s list of migration errors</a>", byId);
        }

        private static string Row(string html, string userId, string workload)
        {
            var start = html.IndexOf($"data-user-id=\"{userId}\" data-workload=\"{workload}\">", StringComparison.Ordinal);
            Assert.True(start >= 0, $"a failed row for {userId} {workload}");
            return html.Substring(start, html.IndexOf("</tr>", start, StringComparison.Ordinal) - start);
        }

        [Fact]
        public void The_HTML_shows_a_user_by_name_where_known_and_by_id_otherwise()
        {
            Assert.Equal("<code>u1</code>", HtmlReportWriter.UserCell(new MigrationUser { Id = "u1" }));
            Assert.Equal("<span class=\"upn\" title=\"u1\">a@b.example</span>", HtmlReportWriter.UserCell(new MigrationUser { Id = "u1", UserPrincipalName = "a@b.example" }));
            Assert.Equal("<code>u1</code><span class=\"display-name\">A &amp; B</span>", HtmlReportWriter.UserCell(new MigrationUser { Id = "u1", DisplayName = "A & B" }));
        }

        [Fact]
        public void A_failure_without_a_code_gets_the_remedy_for_an_error_without_one()
        {
            var html = HtmlReportWriter.RemedyCell(null);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(UserErrorRemedies.For(null).Text), html);
            Assert.Contains($"href=\"{UserErrorRemedies.PageUri}\"", html);
        }

        [Fact]
        public void The_HTML_is_self_contained_escapes_what_the_service_said_and_counts_each_workload()
        {
            var html = File.ReadAllText(Write(ReportFormat.Html, "r.html"));
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<b>with</b>", html);
            Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; wave", html);
            AssertLoadsNothingFromElsewhere(html);
            Assert.Contains("data-workload=\"Exchange\"", html);
            Assert.Contains("data-progress=\"completed\" data-count=\"1\"", html);
            Assert.Contains("Users who failed or are invalid (3)", html);
            Assert.Contains("87654321-4321-4321-4321-210987654321", html);
            Assert.Contains("@media print", html);
        }

        /// <summary>
        /// Nothing that a browser loads by itself (script, style sheet, font, image, frame, object, base address,
        /// refresh): the only addresses are the https links of anchors, which load only when the reader follows them.
        /// </summary>
        internal static void AssertLoadsNothingFromElsewhere(string html)
        {
            foreach (var loads in new[] { "<script", "<link", "<img", "<iframe", "<frame", "<object", "<embed", "<video", "<audio", "<source", "<svg", "<base", "<form", "http-equiv", "@import", "@font-face", "url(", "src=", "srcset=", "poster=", "action=" })
                Assert.DoesNotContain(loads, html, StringComparison.OrdinalIgnoreCase);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<style[\\s>]"));
            var hrefs = System.Text.RegularExpressions.Regex.Matches(html, "href=", System.Text.RegularExpressions.RegexOptions.IgnoreCase).Count;
            var anchors = System.Text.RegularExpressions.Regex.Matches(html, "<a href=\"https://[^\"<>]+\" rel=\"noreferrer\">").Count;
            Assert.Equal(hrefs, anchors);
        }

        [Fact]
        public void An_empty_report_is_still_whole()
        {
            var path = Path.Combine(_dir, "empty.json");
            using (var writer = ReportWriters.Create(ReportFormat.Json, path))
            {
                writer.Begin(new ReportHeader { GeneratedAt = DateTimeOffset.UtcNow });
                writer.End();
            }
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            Assert.Equal(0, json.RootElement.GetProperty("jobs").GetArrayLength());
        }
    }
}
