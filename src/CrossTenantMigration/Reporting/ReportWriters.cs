using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace CrossTenantMigration.Reporting
{
    /// <summary>The formats of a report.</summary>
    public enum ReportFormat
    {
        Html,
        Csv,
        Json,
    }

    /// <summary>Writes a report job by job, so that it holds one job's users at a time.</summary>
    internal interface IReportWriter : IDisposable
    {
        void Begin(ReportHeader header);
        void AddJob(MigrationJob job, IReadOnlyList<MigrationUser> users);
        void End();
    }

    internal static class ReportWriters
    {
        /// <summary>The format a file's extension asks for (.html, .htm, .csv, .json), or null.</summary>
        public static ReportFormat? FormatOf(string path)
        {
            switch (Path.GetExtension(path).ToLowerInvariant())
            {
                case ".html":
                case ".htm": return ReportFormat.Html;
                case ".csv": return ReportFormat.Csv;
                case ".json": return ReportFormat.Json;
                default: return null;
            }
        }

        public static IReportWriter Create(ReportFormat format, string path)
        {
            switch (format)
            {
                case ReportFormat.Csv: return new CsvReportWriter(path);
                case ReportFormat.Json: return new JsonReportWriter(path);
                default: return new HtmlReportWriter(path);
            }
        }

        /// <summary>UTF-8 with a byte order mark: Excel then reads the file as UTF-8.</summary>
        internal static readonly Encoding Utf8WithBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

        internal static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    }

    /// <summary>
    /// One row per user per job, in UTF-8 with a byte order mark. A value that a spreadsheet would take for
    /// a formula (it starts with =, +, -, @, a tab or a carriage return) is neutralised with a leading quote.
    /// Times are ISO 8601 with the offset of the report's zone, as the HTML report shows them.
    /// </summary>
    internal sealed class CsvReportWriter : IReportWriter
    {
        internal static readonly string[] Columns =
        {
            "JobName", "JobId", "UserId", "UserPrincipalName", "DisplayName", "ExchangeStatus", "ODSPStatus", "TeamsStatus", "MeetingStatus",
            "ErrorWorkload", "ErrorCode", "ErrorMessage", "Remedy", "CompleteAfterDateTime", "LastUpdatedDateTime",
        };

        private readonly StreamWriter _out;
        private ReportTimes _times = new ReportTimes(TimeZoneInfo.Local);

        public CsvReportWriter(string path) => _out = new StreamWriter(path, append: false, ReportWriters.Utf8WithBom);

        public void Begin(ReportHeader header)
        {
            _times = new ReportTimes(header.TimeZone);
            Line(Columns);
        }

        public void AddJob(MigrationJob job, IReadOnlyList<MigrationUser> users)
        {
            foreach (var user in users)
            {
                var row = new UserRow(job, user);
                Line(new[]
                {
                    row.JobName, row.JobId, row.UserId, row.UserPrincipalName, row.DisplayName, row.ExchangeStatus, row.ODSPStatus, row.TeamsStatus, row.MeetingStatus,
                    row.ErrorWorkload, row.ErrorCode, row.ErrorMessage, row.Remedy, _times.Iso(row.CompleteAfterDateTime), _times.Iso(row.LastUpdatedDateTime),
                });
            }
        }

        public void End() => _out.Flush();

        public void Dispose() => _out.Dispose();

        private void Line(IEnumerable<string?> values)
        {
            _out.Write(string.Join(",", values.Select(Field)));
            _out.Write("\r\n");
        }

        internal static string Field(string? value)
        {
            var text = Neutralised(value ?? "");
            return text.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
        }

        // What starts a formula: = + - @, and their full-width forms, which spreadsheets read the same way.
        private const string FormulaStarts = "=+-@\uFF1D\uFF0B\uFF0D\uFF20";

        /// <summary>
        /// A value a spreadsheet would evaluate, made text: a leading quote. Spreadsheets skip white space
        /// and line breaks before a formula, so the first other character decides; a leading tab or carriage
        /// return is quoted whatever follows it.
        /// </summary>
        internal static string Neutralised(string value)
        {
            if (value.Length == 0) return value;
            if (value[0] == '\t' || value[0] == '\r') return "'" + value;
            var first = 0;
            while (first < value.Length && char.IsWhiteSpace(value[first])) first++;
            return first < value.Length && FormulaStarts.IndexOf(value[first]) >= 0 ? "'" + value : value;
        }
    }

    /// <summary>
    /// The same data as the CSV, nested by job, for other tools, with every error of each user. Times are ISO 8601
    /// with the offset of the report's zone, which timeZone names.
    /// </summary>
    internal sealed class JsonReportWriter : IReportWriter
    {
        private readonly StreamWriter _out;
        private ReportTimes _times = new ReportTimes(TimeZoneInfo.Local);
        private bool _firstJob = true;

        public JsonReportWriter(string path) => _out = new StreamWriter(path, append: false, ReportWriters.Utf8);

        public void Begin(ReportHeader header)
        {
            _times = new ReportTimes(header.TimeZone);
            _out.Write("{\n");
            _out.Write($"  \"generatedAt\": {Json.Text(_times.Iso(header.GeneratedAt))},\n");
            _out.Write($"  \"timeZone\": {Json.Text(header.TimeZone.Id)},\n");
            _out.Write($"  \"tenantId\": {Json.Text(header.TenantId)},\n");
            _out.Write($"  \"apiVersion\": {Json.Text(header.ApiVersion)},\n");
            _out.Write("  \"jobs\": [");
        }

        public void AddJob(MigrationJob job, IReadOnlyList<MigrationUser> users)
        {
            _out.Write(_firstJob ? "\n" : ",\n");
            _firstJob = false;
            _out.Write($"    {{ \"jobName\": {Json.Text(job.DisplayName)}, \"jobId\": {Json.Text(job.Id)}, \"status\": {Json.Text(job.Status)}, ");
            _out.Write($"\"completeAfterDateTime\": {Json.Text(_times.Iso(job.CompleteAfterDateTime))}, \"lastUpdatedDateTime\": {Json.Text(_times.Iso(job.LastUpdatedDateTime))}, \"users\": [");
            var first = true;
            foreach (var user in users)
            {
                var row = new UserRow(job, user);
                _out.Write(first ? "\n" : ",\n");
                first = false;
                _out.Write($"      {{ \"userId\": {Json.Text(row.UserId)}, \"userPrincipalName\": {Json.Text(row.UserPrincipalName)}, \"displayName\": {Json.Text(row.DisplayName)}, ");
                _out.Write($"\"exchangeStatus\": {Json.Text(row.ExchangeStatus)}, \"odspStatus\": {Json.Text(row.ODSPStatus)}, ");
                _out.Write($"\"teamsStatus\": {Json.Text(row.TeamsStatus)}, \"meetingStatus\": {Json.Text(row.MeetingStatus)}, \"lastUpdatedDateTime\": {Json.Text(_times.Iso(row.LastUpdatedDateTime))}, ");
                _out.Write($"\"errorWorkload\": {Json.Text(row.ErrorWorkload)}, \"errorCode\": {Json.Text(row.ErrorCode)}, \"errorMessage\": {Json.Text(row.ErrorMessage)}, \"remedy\": {Json.Text(row.Remedy)}, ");
                _out.Write("\"errors\": [");
                _out.Write(string.Join(", ", row.Errors.Select(e =>
                    $"{{ \"workload\": {Json.Text(e.Workload)}, \"code\": {Json.Text(e.Code)}, \"message\": {Json.Text(e.Message)}, \"remedy\": {Json.Text(e.Remedy)}, \"helpUri\": {Json.Text(e.HelpUri)} }}")));
                _out.Write("] }");
            }
            _out.Write(first ? "] }" : "\n    ] }");
        }

        public void End()
        {
            _out.Write(_firstJob ? "]\n}\n" : "\n  ]\n}\n");
            _out.Flush();
        }

        public void Dispose() => _out.Dispose();
    }

    /// <summary>JSON string literals, escaped by the rules of RFC 8259.</summary>
    internal static class Json
    {
        public static string Text(string? value)
        {
            if (value == null) return "null";
            var text = new StringBuilder(value.Length + 2).Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c == '<' || c == '>' || c == '&') text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else text.Append(c);
                        break;
                }
            }
            return text.Append('"').ToString();
        }
    }
}
