using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsCommon.Set, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(MigrationJob))]
    public sealed class SetXtMigrationJobCommand : JobActionCmdlet<MigrationJob>
    {
        [Parameter(Mandatory = true, HelpMessage = "The new date after which cutover may start.")]
        public DateTimeOffset CompleteAfterDateTime { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private DateTimeOffset When => CompleteAfterDateTime.ToUniversalTime();

        protected override JobAction<MigrationJob> ActionFor(MigrationJob job)
        {
            if (When <= DateTimeOffset.UtcNow)
                WriteWarning($"{When:u} is not in the future: the service treats the cutover of job '{job.DisplayName}' as due now, at its next processing cycle.");
            return JobActions.Reschedule(When);
        }

        protected override string ConfirmAction => "Reschedule migration job";

        protected override string ConfirmTarget(MigrationJob job) =>
            $"job '{job.DisplayName}' ({job.Id}): cutover after {When:u} instead of {job.CompleteAfterDateTime:u}";

        // The service answers a change with no content: -PassThru reads the job again, with the change.
        protected override Task<MigrationJob> AnswerAsync(MigrationClient client, MigrationJob job, MigrationJob answer, CancellationToken cancellationToken) =>
            PassThru ? client.GetJobAsync(job.Id, cancellationToken) : Task.FromResult(answer);

        protected override void WriteAnswer(MigrationClient client, MigrationJob job, MigrationJob answer)
        {
            if (PassThru) WriteObject(answer);
        }
    }
}
