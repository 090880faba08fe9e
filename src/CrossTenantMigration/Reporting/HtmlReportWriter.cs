using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;

namespace CrossTenantMigration.Reporting
{
    /// <summary>
    /// One self-contained HTML file: no script, font, image or style from elsewhere, so it opens offline and
    /// survives being mailed; the only addresses are links the reader may click, to Microsoft's page for an
    /// error. Status is shown by label and symbol as well as colour. Every value from the service is escaped.
    /// Times are in one zone, which the header names, each with its offset. The job tables and the failed
    /// users are written to temporary files as each job comes, and the summary, which needs every job, is
    /// written before them at the end: the report holds one job's users at a time.
    /// </summary>
    internal sealed class HtmlReportWriter : IReportWriter
    {
        private static readonly (string Name, string Title)[] Workloads =
        {
            (Workload.Exchange, "Exchange (mailboxes)"), (Workload.ODSP, "OneDrive and SharePoint"), (Workload.Teams, "Teams chats"), (Workload.Meeting, "Teams meetings"),
        };

        private readonly string _path;
        private readonly string _jobsPath = Path.GetTempFileName();
        private readonly string _failuresPath = Path.GetTempFileName();
        private readonly StreamWriter _jobs;
        private readonly StreamWriter _failures;
        private readonly Dictionary<string, WorkloadTally> _tallies = Workloads.ToDictionary(w => w.Name, w => new WorkloadTally(w.Name), StringComparer.OrdinalIgnoreCase);
        private readonly SortedDictionary<string, int> _jobsByStatus = new SortedDictionary<string, int>(StringComparer.Ordinal);
        private ReportHeader _header = new ReportHeader();
        private ReportTimes _times = new ReportTimes(TimeZoneInfo.Local);
        private int _jobCount;
        private int _userCount;
        private int _failureCount;

        public HtmlReportWriter(string path)
        {
            _path = path;
            _jobs = new StreamWriter(_jobsPath, append: false, ReportWriters.Utf8);
            _failures = new StreamWriter(_failuresPath, append: false, ReportWriters.Utf8);
        }

        public void Begin(ReportHeader header)
        {
            _header = header;
            _times = new ReportTimes(header.TimeZone);
        }

        public void AddJob(MigrationJob job, IReadOnlyList<MigrationUser> users)
        {
            _jobCount++;
            _userCount += users.Count;
            var status = job.Status ?? "unknown";
            _jobsByStatus[status] = _jobsByStatus.TryGetValue(status, out var n) ? n + 1 : 1;
            _jobs.Write($"<section class=\"job\" data-job-id=\"{E(job.Id)}\" data-users=\"{users.Count}\"><h3>{E(job.DisplayName)}</h3>\n<p class=\"facts\">{JobStatusBadge(job.Status)} · {users.Count} user(s) · cutover after {E(_times.Shown(job.CompleteAfterDateTime))} · id <code>{E(job.Id)}</code></p>\n");
            if (!string.IsNullOrEmpty(job.Message)) _jobs.Write($"<p class=\"message\">{E(job.Message)}</p>\n");
            _jobs.Write("<table><thead><tr><th>User</th>");
            foreach (var w in Workloads) _jobs.Write($"<th>{E(w.Title)}</th>");
            _jobs.Write("</tr></thead><tbody>\n");
            foreach (var user in users) AddUser(job, user);
            _jobs.Write("</tbody></table></section>\n");
        }

        private void AddUser(MigrationJob job, MigrationUser user)
        {
            _jobs.Write($"<tr><td>{UserCell(user)}</td>");
            foreach (var w in Workloads)
            {
                var state = user.Workloads.FirstOrDefault(s => string.Equals(s.Workload, w.Name, StringComparison.OrdinalIgnoreCase));
                if (state == null) { _jobs.Write("<td class=\"none\">—</td>"); continue; }
                var progress = ProgressOf.Status(state.Status);
                _tallies[w.Name].Add(progress);
                _jobs.Write($"<td>{Badge(progress, state.Status)}</td>");
            }
            _jobs.Write("</tr>\n");
            foreach (var failure in UserRow.Failures(user))
            {
                _failureCount++;
                var error = failure.Errors.FirstOrDefault();
                _failures.Write($"<tr data-job-id=\"{E(job.Id)}\" data-user-id=\"{E(user.Id)}\" data-workload=\"{E(failure.Workload)}\"><td>{E(job.DisplayName)}</td><td>{UserCell(user)}</td><td>{E(failure.Workload)}</td><td>{Badge(ProgressOf.Status(failure.Status), failure.Status)}</td>");
                _failures.Write($"<td><code>{E(error?.Code)}</code></td><td>{E(error?.Message ?? failure.Message)}</td><td class=\"remedy\">{RemedyCell(error?.Code)}</td></tr>\n");
            }
        }

        public void End()
        {
            _jobs.Flush();
            _failures.Flush();
            using (var output = new StreamWriter(_path, append: false, ReportWriters.Utf8))
            {
                output.Write(HtmlReportTemplate.Head(_header, _times));
                WriteSummary(output);
                WriteBars(output);
                output.Write("<h2>Jobs</h2>\n");
                Copy(_jobsPath, output);
                output.Write($"<h2 id=\"failed\">Users who failed or are invalid ({_failureCount})</h2>\n");
                if (_failureCount == 0) output.Write("<p>None.</p>\n");
                else
                {
                    output.Write("<table class=\"failures\"><thead><tr><th>Job</th><th>User</th><th>Workload</th><th>Status</th><th>Error code</th><th>Message</th><th>What to do</th></tr></thead><tbody>\n");
                    Copy(_failuresPath, output);
                    output.Write("</tbody></table>\n");
                }
                output.Write("</main></body></html>\n");
            }
        }

        private void WriteSummary(TextWriter output)
        {
            output.Write($"<h2>Summary</h2>\n<p>{_jobCount} job(s), {_userCount} user(s), {_failureCount} failed or invalid workload(s).</p>\n");
            output.Write("<table class=\"summary\"><thead><tr><th>Job status</th><th>Jobs</th></tr></thead><tbody>\n");
            foreach (var pair in _jobsByStatus) output.Write($"<tr data-job-status=\"{E(pair.Key)}\" data-count=\"{pair.Value}\"><td>{JobStatusBadge(pair.Key)}</td><td class=\"number\">{pair.Value}</td></tr>\n");
            output.Write("</tbody></table>\n");
        }

        private void WriteBars(TextWriter output)
        {
            output.Write("<h2>Workloads</h2>\n");
            foreach (var (name, title) in Workloads)
            {
                var tally = _tallies[name];
                output.Write($"<section class=\"workload\" data-workload=\"{E(name)}\"><h3>{E(title)}</h3>\n");
                if (tally.Total == 0) { output.Write("<p>Not part of these jobs.</p></section>\n"); continue; }
                var parts = ProgressOf.All.Where(p => tally[p] > 0).ToList();
                var words = string.Join(", ", parts.Select(p => $"{tally[p]} {ProgressOf.Label(p).ToLowerInvariant()}"));
                output.Write($"<div class=\"bar\" role=\"img\" aria-label=\"{E(title)}: {E(words)}\">");
                foreach (var p in parts)
                    output.Write($"<span class=\"{Css(p)}\" style=\"width:{Percent(tally[p], tally.Total)}%\">{ProgressOf.Symbol(p)}</span>");
                output.Write("</div>\n<ul class=\"legend\">");
                foreach (var p in ProgressOf.All)
                    output.Write($"<li class=\"{Css(p)}\" data-progress=\"{Css(p)}\" data-count=\"{tally[p]}\"><span class=\"swatch\">{ProgressOf.Symbol(p)}</span> {ProgressOf.Label(p)}: {tally[p]}</li>");
                output.Write("</ul></section>\n");
            }
        }

        public void Dispose()
        {
            _jobs.Dispose();
            _failures.Dispose();
            foreach (var temp in new[] { _jobsPath, _failuresPath })
                try { File.Delete(temp); } catch (IOException) { /* a temporary file: the system clears it */ }
        }

        private static void Copy(string path, TextWriter output)
        {
            using var input = new StreamReader(path, ReportWriters.Utf8);
            var buffer = new char[64 * 1024];
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0) output.Write(buffer, 0, read);
        }

        /// <summary>The user by name where the directory gave one (the user principal name, and the display name below it), else by id.</summary>
        internal static string UserCell(MigrationUser user)
        {
            var hasUpn = !string.IsNullOrWhiteSpace(user.UserPrincipalName);
            var hasDisplayName = !string.IsNullOrWhiteSpace(user.DisplayName);
            if (!hasUpn && !hasDisplayName) return $"<code>{E(user.Id)}</code>";
            var first = hasUpn ? $"<span class=\"upn\" title=\"{E(user.Id)}\">{E(user.UserPrincipalName)}</span>" : $"<code>{E(user.Id)}</code>";
            return hasDisplayName ? $"{first}<span class=\"display-name\">{E(user.DisplayName)}</span>" : first;
        }

        /// <summary>
        /// What to do about an error code, and a link to Microsoft's page for it. The link is a plain https hyperlink
        /// that the reader may follow; the page loads nothing by it.
        /// </summary>
        internal static string RemedyCell(string? code)
        {
            var remedy = UserErrorRemedies.For(code);
            var text = E(remedy.Text);
            if (!Uri.TryCreate(remedy.HelpUri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps) return text;
            var title = remedy.IsListed ? $"Microsoft's page on {remedy.Code}" : "Microsoft's list of migration errors";
            return $"{text} <a href=\"{E(uri.AbsoluteUri)}\" rel=\"noreferrer\">{E(title)}</a>";
        }

        private static string Badge(Progress progress, string? status) =>
            $"<span class=\"badge {Css(progress)}\" title=\"{E(ProgressOf.Label(progress))}\">{ProgressOf.Symbol(progress)} {E(status)}</span>";

        private static string JobStatusBadge(string? status) => Badge(JobProgress(status), status ?? "unknown");

        /// <summary>A job's status on the same five-way scale as a workload's.</summary>
        internal static Progress JobProgress(string? status)
        {
            switch (status)
            {
                case JobStatus.Completed: return Progress.Completed;
                case JobStatus.Failed:
                case JobStatus.CompletedWithErrors: return Progress.Failed;
                case JobStatus.ValidateFailed:
                case JobStatus.AdminActionRequired: return Progress.Invalid;
                case JobStatus.Cancelled:
                case JobStatus.PendingCancel: return Progress.Cancelled;
                case JobStatus.Submitted:
                case JobStatus.ValidatePassed: return Progress.NotStarted;
                default: return Progress.InProgress;
            }
        }

        internal static string Css(Progress progress) => progress.ToString().ToLowerInvariant();

        private static string Percent(int part, int whole) => (100.0 * part / whole).ToString("0.###", CultureInfo.InvariantCulture);

        private static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
    }
}
