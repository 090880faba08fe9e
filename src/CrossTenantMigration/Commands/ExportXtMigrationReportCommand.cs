using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Protocol;
using CrossTenantMigration.Reporting;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsData.Export, "XtMigrationReport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ByJobSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportXtMigrationReportCommand : JobCmdlet
    {
        private const string ByJobSet = "ByJob";
        private readonly List<MigrationJob> _jobs = new List<MigrationJob>();
        private readonly List<string> _ids = new List<string>();

        [Parameter(Mandatory = true, Position = 0, HelpMessage = "The report file to write: .html, .csv or .json.")]
        [ValidateNotWhiteSpace]
        public string Path { get; set; } = "";

        /// <summary>Html, Csv or Json; by default what the file's extension says.</summary>
        [Parameter]
        public ReportFormat? Format { get; set; }

        /// <summary>Jobs from Get-XtMigrationJob, New-XtMigrationJob and the like.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByJobSet, ValueFromPipeline = true)]
        public MigrationJob InputObject { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true, HelpMessage = "The jobs' ids (GUIDs).")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateGuid]
        public string[] Id { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = ByDisplayNameSet, HelpMessage = "The jobs' display names; wildcards allowed.")]
        [ArgumentCompleter(typeof(JobNameCompleter))]
        [SupportsWildcards]
        [ValidateNotWhiteSpace]
        public string[] DisplayName { get; set; } = Array.Empty<string>();

        /// <summary>At most this many jobs read at once: their users, and with -Id the jobs themselves.</summary>
        [Parameter]
        [ValidateRange(ParameterBounds.MinThrottleLimit, ParameterBounds.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = ParameterBounds.DefaultThrottleLimit;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Fills in each user's UserPrincipalName and DisplayName from the target tenant's directory.</summary>
        [Parameter]
        public SwitchParameter ResolveUserName { get; set; }

        protected override void OnProcessRecord()
        {
            if (ParameterSetName == ByJobSet && InputObject != null) _jobs.Add(InputObject);
            else if (ParameterSetName == ByIdSet) _ids.AddRange(Id.Select(id => JobDefinitionRules.NormalizeJobId(id)));
        }

        protected override void OnEndProcessing()
        {
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            var format = Format ?? ReportWriters.FormatOf(path)
                ?? throw Terminate(new InputValidationException(new InputError(ErrorIds.InvalidReportFormat, "Format",
                    $"The -Path '{Path}' does not end in .html, .csv or .json: give -Format Html, Csv or Json.", Path)));
            var client = RequireClient();
            var unread = new List<string>();
            var jobs = Jobs(client, unread);
            if (!ShouldProcess(path, $"Write a {format} report of {jobs.Count + unread.Count} job(s)")) return;

            var header = new ReportHeader
            {
                GeneratedAt = DateTimeOffset.UtcNow,
                TenantId = client.Context.TenantId,
                ApiVersion = client.Context.ApiVersion,
                Endpoint = client.Context.Endpoint.ToString(),
            };
            // Written beside the file, then moved into place only when every job was read: a report that fails,
            // misses a job or is stopped halfway leaves no half file, and the earlier report of that name as it was.
            var partial = path + ".partial";
            try
            {
                var naming = ResolveUserName ? client.NameUsers(ThrottleLimit) : null;
                using (var writer = ReportWriters.Create(format, partial))
                {
                    writer.Begin(header);
                    GatherUsers(client, jobs, writer, unread, naming);
                    writer.End();
                }
                foreach (var warning in naming?.Warnings() ?? Array.Empty<string>()) WriteWarning(warning);
                if (unread.Count > 0) throw new ReportIncompleteException(path, unread);
                if (File.Exists(path)) File.Replace(partial, path, destinationBackupFileName: null);
                else File.Move(partial, path);
            }
            catch (Exception ex)
            {
                try { if (File.Exists(partial)) File.Delete(partial); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                if (ex is IOException || ex is UnauthorizedAccessException) throw Terminate(new ReportNotWrittenException(path, ex));
                if (ex is ReportIncompleteException incomplete) throw Terminate(incomplete);
                throw;
            }
            if (PassThru) WriteObject(new FileInfo(path));
        }

        /// <summary>
        /// The jobs asked for: piped, by id (read side by side, at most -ThrottleLimit at once), or by name with
        /// wildcards; each once, in the order given. An id that cannot be read is an error of its own, and is added
        /// to <paramref name="unread"/>: the report is not written without it.
        /// </summary>
        private IReadOnlyList<MigrationJob> Jobs(MigrationClient client, List<string> unread)
        {
            var jobs = new List<MigrationJob>(_jobs);
            using (var gate = new SemaphoreSlim(ThrottleLimit))
            {
                var reads = _ids.Distinct(StringComparer.OrdinalIgnoreCase)
                    .Select(id => (Id: id, Job: Start(token => Bounded(gate, t => client.GetJobAsync(id, t), token))))
                    .ToList();
                foreach (var (id, job) in reads)
                {
                    PumpUntil(job);
                    try { jobs.Add(ResultOf(job)); }
                    catch (MigrationException ex)
                    {
                        Write(ex, id);
                        unread.Add(id);
                    }
                }
            }
            if (ParameterSetName == ByDisplayNameSet)
            {
                var patterns = DisplayName.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
                IReadOnlyList<MigrationJob> all = Array.Empty<MigrationJob>();
                ForAll(() => all = Run(token => client.ListJobsAsync(token)));
                jobs.AddRange(all.Where(j => patterns.Any(p => p.IsMatch(j.DisplayName))).OrderBy(j => j.DisplayName, StringComparer.OrdinalIgnoreCase));
            }
            return jobs.GroupBy(j => j.Id, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
        }

        /// <summary>
        /// Reads the jobs' users, at most -ThrottleLimit jobs at once, and hands each job to the writer in
        /// order as soon as its users are in: the report holds a few jobs' users at a time, never the wave's.
        /// A job whose users cannot be read is an error of its own and is added to <paramref name="unread"/>; the
        /// others are still read, so that every job missing from the report is named.
        /// </summary>
        /// <param name="naming">Fills in the users' names from the directory as each job's users are read; null leaves them out.</param>
        private void GatherUsers(MigrationClient client, IReadOnlyList<MigrationJob> jobs, IReportWriter writer, List<string> unread, UserNaming? naming)
        {
            using var gate = new SemaphoreSlim(ThrottleLimit);
            var interactive = HostKind.IsInteractive(Host);
            var reads = new Queue<(MigrationJob Job, Task<List<MigrationUser>> Users)>();
            var next = 0;
            for (var written = 0; written < jobs.Count; written++)
            {
                // Keep the next few reads going while this one is written.
                while (next < jobs.Count && next < written + ThrottleLimit)
                {
                    var job = jobs[next++];
                    reads.Enqueue((job, Start(token => Bounded(gate, t => ReadUsersAsync(client, job, naming, t), token))));
                }
                var (current, users) = reads.Dequeue();
                ReportProgress(interactive, written, jobs.Count, current);
                PumpUntil(users);
                try { writer.AddJob(current, ResultOf(users)); }
                catch (MigrationException ex)
                {
                    Write(ex, current);
                    unread.Add($"'{current.DisplayName}' ({current.Id})");
                }
            }
            if (interactive && jobs.Count > 0)
                WriteProgress(new ProgressRecord(1, "Writing the migration report", "done") { RecordType = ProgressRecordType.Completed });
        }

        private static async Task<List<MigrationUser>> ReadUsersAsync(MigrationClient client, MigrationJob job, UserNaming? naming, CancellationToken token)
        {
            var users = new List<MigrationUser>();
            if (naming != null) await client.ListNamedUsersAsync(job.Id, _ => true, naming, users.AddRange, token).ConfigureAwait(false);
            else await client.ListUsersAsync(job.Id, users.AddRange, token).ConfigureAwait(false);
            return users;
        }

        private void ReportProgress(bool interactive, int done, int total, MigrationJob job)
        {
            var what = $"Reading the users of job '{job.DisplayName}' ({done + 1} of {total})";
            if (interactive) WriteProgress(new ProgressRecord(1, "Writing the migration report", what) { PercentComplete = 100 * done / Math.Max(1, total) });
            else WriteInformation(what, new[] { "CrossTenantMigration", "Report" });
        }
    }
}
