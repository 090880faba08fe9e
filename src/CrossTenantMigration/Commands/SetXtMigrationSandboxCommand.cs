using System;
using System.Linq;
using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsCommon.Set, "XtMigrationSandbox", SupportsShouldProcess = true, DefaultParameterSetName = SettingsSet)]
    [OutputType(typeof(SandboxSettings))]
    public sealed class SetXtMigrationSandboxCommand : SandboxCmdlet
    {
        private const string SettingsSet = "Settings";
        private const string NowSet = "Now";
        private const string AdvanceBySet = "AdvanceBy";

        // A day per step is far beyond any test; the bound keeps the time span representable.
        [Parameter]
        [ValidateRange(0.0, 86400.0)]
        public double StepSec { get; set; }

        [Parameter]
        [ValidateGuid]
        public string[]? FailValidation { get; set; }

        [Parameter]
        [ValidateGuid]
        public string[]? FailMigration { get; set; }

        [Parameter]
        [ValidateSet(SandboxSettings.DefaultWorkload, CrossTenantMigration.Workload.Exchange, CrossTenantMigration.Workload.ODSP, CrossTenantMigration.Workload.Teams, CrossTenantMigration.Workload.Meeting, IgnoreCase = true)]
        public string Workload { get; set; } = SandboxSettings.DefaultWorkload;

        [Parameter]
        [ValidateNotWhiteSpace]
        public string ErrorCode { get; set; } = "";

        [Parameter]
        [ValidateNotWhiteSpace]
        public string ErrorMessage { get; set; } = "";

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int ThrottleEvery { get; set; }

        [Parameter]
        [ValidateRange(0.0, 100.0)]
        public double FaultPercent { get; set; }

        [Parameter]
        public int Seed { get; set; }

        [Parameter]
        public SwitchParameter LoseNextCreateReply { get; set; }

        [Parameter]
        [ValidateNotWhiteSpace]
        public string[]? AdminActionRequired { get; set; }

        [Parameter]
        public SwitchParameter RefuseAlternateKey { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = NowSet, HelpMessage = "The time to move the sandbox clock to; not before its now.")]
        public DateTimeOffset Now { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AdvanceBySet, HelpMessage = "How far to move the sandbox clock forward, such as (New-TimeSpan -Days 8).")]
        public TimeSpan AdvanceBy { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void OnEndProcessing()
        {
            var sandbox = RequireSteering();
            var change = new SandboxSettingsChange
            {
                StepSec = Given(nameof(StepSec)) ? StepSec : (double?)null,
                // An empty list, or $null, clears the users of the phase.
                FailValidation = Given(nameof(FailValidation)) ? FailValidation ?? Array.Empty<string>() : null,
                FailMigration = Given(nameof(FailMigration)) ? FailMigration ?? Array.Empty<string>() : null,
                Workload = Given(nameof(Workload)) ? Workload : null,
                ErrorCode = Given(nameof(ErrorCode)) ? ErrorCode : null,
                ErrorMessage = Given(nameof(ErrorMessage)) ? ErrorMessage : null,
                ThrottleEvery = Given(nameof(ThrottleEvery)) ? ThrottleEvery : (int?)null,
                FaultPercent = Given(nameof(FaultPercent)) ? FaultPercent : (double?)null,
                Seed = Given(nameof(Seed)) ? Seed : (int?)null,
                LoseNextCreateReply = Given(nameof(LoseNextCreateReply)) ? LoseNextCreateReply.IsPresent : (bool?)null,
                AdminActionRequired = Given(nameof(AdminActionRequired)) ? AdminActionRequired ?? Array.Empty<string>() : null,
                RefuseAlternateKey = Given(nameof(RefuseAlternateKey)) ? RefuseAlternateKey.IsPresent : (bool?)null,
                Now = Given(nameof(Now)) ? Now : (DateTimeOffset?)null,
                AdvanceBy = Given(nameof(AdvanceBy)) ? AdvanceBy : (TimeSpan?)null,
            };
            var settings = MyInvocation.BoundParameters.Keys.Where(IsSetting).ToList();
            var action = settings.Count == 0 ? "Change nothing" : "Change " + string.Join(", ", settings);
            if (!ShouldProcess("the sandbox of this session", action)) return;

            SandboxSettings result = null!;
            ForAll(() => result = sandbox.ChangeSettings(change));
            if (PassThru) WriteObject(result);
        }

        private bool Given(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

        private static bool IsSetting(string parameter) =>
            parameter != nameof(PassThru) && !CommonParameters.Contains(parameter) && !OptionalCommonParameters.Contains(parameter);
    }
}
