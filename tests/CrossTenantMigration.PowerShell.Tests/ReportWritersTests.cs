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
            User("aaaaaaaa-0000-0000-0000-000000000002", ("Exchange", "failed", "MailboxMoveFailed", "=HYPERLINK(\"http://evil\")"), ("Teams", "failed", "DependentWorkloadFailed", "Not migrated"), ("Meeting", "inProgress", null, null)),
            User("=cmd|' /C calc'!A0", ("Exchange", "invalid", "TargetUserNotEligible", "@SUM(1+1)"), ("Teams", "notStarted", null, null), ("Meeting", "notStarted", null, null)),
        };

        private string Write(ReportFormat format, string name)
        {
            var path = Path.Combine(_dir, name);
            using (var writer = ReportWriters.Create(format, path))
            {
                writer.Begin(new ReportHeader { GeneratedAt = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero), TenantId = "87654321-4321-4321-4321-210987654321", ApiVersion = "v1.0", Endpoint = "https://graph.microsoft.com/" });
                writer.AddJob(Wave, Users);
                writer.End();
            }
            return path;
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
            Assert.StartsWith("JobName,JobId,UserId,ExchangeStatus", lines[0]);
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
        public void The_JSON_holds_the_same_rows_nested_by_job_and_parses()
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Write(ReportFormat.Json, "r.json")));
            var job = json.RootElement.GetProperty("jobs")[0];
            Assert.Equal(Wave.DisplayName, job.GetProperty("jobName").GetString());
            Assert.Equal(3, job.GetProperty("users").GetArrayLength());
            var failed = job.GetProperty("users")[1];
            Assert.Equal("failed", failed.GetProperty("exchangeStatus").GetString());
            Assert.Equal("MailboxMoveFailed", failed.GetProperty("errorCode").GetString());
            Assert.Equal("v1.0", json.RootElement.GetProperty("apiVersion").GetString());
        }

        [Fact]
        public void The_HTML_is_self_contained_escapes_what_the_service_said_and_counts_each_workload()
        {
            var html = File.ReadAllText(Write(ReportFormat.Html, "r.html"));
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<b>with</b>", html);
            Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; wave", html);
            Assert.DoesNotContain("src=", html);
            Assert.DoesNotContain("href=", html);
            Assert.DoesNotContain("@import", html);
            Assert.Contains("data-workload=\"Exchange\"", html);
            Assert.Contains("data-progress=\"completed\" data-count=\"1\"", html);
            Assert.Contains("Users who failed or are invalid (3)", html);
            Assert.Contains("87654321-4321-4321-4321-210987654321", html);
            Assert.Contains("@media print", html);
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
