using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsCommon.Get, "XtMigrationJobUser", DefaultParameterSetName = ByJobIdSet)]
    [OutputType(typeof(MigrationUser))]
    public sealed class GetXtMigrationJobUserCommand : JobCmdlet
    {
        private readonly List<(string JobId, Task<bool> Task)> _listings = new List<(string, Task<bool>)>();
        private SemaphoreSlim? _inFlight;
        private UserNaming? _naming;

        private const string ByJobIdSet = "ByJobId";
        private const string ByJobSet = "ByJob";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByJobIdSet, HelpMessage = "The job's id (a GUID).")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateGuid]
        public string JobId { get; set; } = "";

        /// <summary>A job from Get-XtMigrationJob, New-XtMigrationJob and the like.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByJobSet, ValueFromPipeline = true)]
        public MigrationJob InputObject { get; set; } = null!;

        [Parameter(Position = 1)]
        [ValidateGuid]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>At most this many jobs' users read at once, from piped jobs.</summary>
        [Parameter]
        [ValidateRange(ParameterBounds.MinThrottleLimit, ParameterBounds.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = ParameterBounds.DefaultThrottleLimit;

        /// <summary>Users with at least one workload in one of these statuses.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(WorkloadStatusCompleter))]
        [ValidateWorkloadStatus]
        public string[] Status { get; set; } = Array.Empty<string>();

        /// <summary>Fills in each user's UserPrincipalName and DisplayName from the target tenant's directory.</summary>
        [Parameter]
        public SwitchParameter ResolveUserName { get; set; }

        protected override void OnProcessRecord()
        {
            var byJob = ParameterSetName == ByJobSet;
            string jobId;
            try
            {
                jobId = JobDefinitionRules.NormalizeJobId(byJob ? InputObject.Id : JobId, byJob ? "InputObject" : "JobId");
            }
            catch (InputValidationException ex)
            {
                // A piped job without a job id (the binder has checked -JobId): this item fails, the next may not.
                Write(ex);
                return;
            }
            // The binder has checked every value; this gives each its documented spelling.
            var userIds = (Id ?? Array.Empty<string>()).Select(u => JobDefinitionRules.NormalizeUserId(u)).ToArray();
            var statuses = (Status ?? Array.Empty<string>()).Select(s => WorkloadStatus.Normalize(s)!).ToArray();
            var client = RequireClient();
            // One for the command: pages of several jobs share its bound on lookups, and its warnings are given once.
            var naming = ResolveUserName ? _naming ??= client.NameUsers(ThrottleLimit) : null;

            bool Wanted(MigrationUser user) =>
                statuses.Length == 0 || user.Workloads.Any(w => statuses.Contains(w.Status ?? "", StringComparer.OrdinalIgnoreCase));

            if (userIds.Length == 0)
            {
                // The jobs' users are read side by side, and each page is written as it arrives: a job of
                // 2,000 users is never held whole.
                var gate = _inFlight ??= new SemaphoreSlim(ThrottleLimit);
                void Write(IReadOnlyList<MigrationUser> users) => OnPipelineThread(() => { foreach (var user in users) WriteObject(user); });
                _listings.Add((jobId, Start(token => Bounded(gate, async t =>
                {
                    // With names, each page is named before it is written, in batches, while the next page is read.
                    if (naming != null) await client.ListNamedUsersAsync(jobId, Wanted, naming, Write, t).ConfigureAwait(false);
                    else await client.ListUsersAsync(jobId, page => Write(page.Where(Wanted).ToList()), t).ConfigureAwait(false);
                    return true;
                }, token))));
                EndListings(wait: false);
                return;
            }
            foreach (var userId in userIds)
                ForItem(userId, () =>
                {
                    var user = Run(token => client.GetUserAsync(jobId, userId, token));
                    if (!Wanted(user)) return;
                    if (naming != null) Run(async token => { await naming.NameAsync(new[] { user }, token).ConfigureAwait(false); return true; });
                    WriteObject(user);
                });
        }

        protected override void OnEndProcessing()
        {
            EndListings(wait: true);
            foreach (var warning in _naming?.Warnings() ?? Array.Empty<string>()) WriteWarning(warning);
        }

        /// <summary>
        /// Writes what the listings read so far; a listing that failed is that job's error, but an untrusted next-page
        /// link ends the command.
        /// </summary>
        private void EndListings(bool wait)
        {
            Pump();
            for (var i = 0; i < _listings.Count;)
            {
                var (jobId, task) = _listings[i];
                if (wait) PumpUntil(task);
                if (!task.IsCompleted) { i++; continue; }
                _listings.RemoveAt(i);
                try { ResultOf(task); }
                // A service that points the module elsewhere is not to be trusted for the other jobs either.
                catch (ServiceException ex) when (ex.Kind == FailureKind.Untrusted) { throw Terminate(ex, jobId); }
                catch (MigrationException ex) { Write(ex, jobId); }
            }
        }
    }
}
