using System;
using System.Collections;
using System.Collections.Generic;
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

        // The properties a directory user is read from, in order of preference; names compared without regard to case.
        private static readonly string[] IdProperties = { "Id", "ObjectId", "ExternalDirectoryObjectId" };
        private static readonly string[] NameProperties = { "UserPrincipalName", "UPN" };
        private static readonly string[] DisplayNameProperties = { "DisplayName" };

        private readonly List<object?> _directoryUsers = new List<object?>();
        private bool _directoryUserGiven;

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

        /// <summary>
        /// Users for the sandbox's directory, which GET /users and JSON batches read (New-XtMigrationJob
        /// -UserPrincipalName, -ResolveUserName): objects with Id, UserPrincipalName and DisplayName, such as the rows of
        /// Import-Csv, piped or given here. Checked whole before anything changes.
        /// </summary>
        [Parameter(ValueFromPipeline = true)]
        [AllowEmptyCollection]
        [AllowNull]
        public object[]? DirectoryUser { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        // Piped users arrive one record at a time; they are sent once the input has ended.
        protected override void OnProcessRecord()
        {
            if (!Given(nameof(DirectoryUser))) return;
            _directoryUserGiven = true;
            _directoryUsers.AddRange(DirectoryUser ?? new object?[] { null });
        }

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
                DirectoryUsers = _directoryUserGiven ? _directoryUsers.Select(ToDirectoryUser).ToArray() : null,
            };
            var settings = MyInvocation.BoundParameters.Keys.Where(IsSetting).Where(p => p != nameof(DirectoryUser)).ToList();
            if (_directoryUserGiven) settings.Add($"{nameof(DirectoryUser)} (add {_directoryUsers.Count} user(s))");
            var action = settings.Count == 0 ? "Change nothing" : "Change " + string.Join(", ", settings);
            if (!ShouldProcess("the sandbox of this session", action)) return;

            SandboxSettings result = null!;
            ForAll(() => result = sandbox.ChangeSettings(change));
            if (PassThru) WriteObject(result);
        }

        private bool Given(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

        /// <summary>A directory user of an object's (or a hashtable's) id, name and display name, as they are: the sandbox checks them.</summary>
        private static SandboxDirectoryUser ToDirectoryUser(object? input)
        {
            if (input == null) return new SandboxDirectoryUser(null, null, null);
            var value = input is PSObject wrapped ? wrapped.BaseObject : input;
            Func<string, object?> property;
            if (value is IDictionary dictionary)
                property = name => dictionary.Keys.Cast<object>().Where(k => string.Equals(k?.ToString(), name, StringComparison.OrdinalIgnoreCase))
                    .Select(k => dictionary[k]).FirstOrDefault();
            else
            {
                var item = PSObject.AsPSObject(input);
                property = name => item.Properties[name]?.Value;
            }

            // The first of the names that holds a value: a CSV's empty cell gives way to another column.
            string? Read(string[] names)
            {
                var values = names.Select(property).Select(v => v is PSObject p ? p.BaseObject : v).Where(v => v != null).Select(v => v!.ToString()).ToList();
                return values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? values.FirstOrDefault();
            }

            return new SandboxDirectoryUser(Read(IdProperties), Read(NameProperties), Read(DisplayNameProperties));
        }

        private static bool IsSetting(string parameter) =>
            parameter != nameof(PassThru) && !CommonParameters.Contains(parameter) && !OptionalCommonParameters.Contains(parameter);
    }
}
