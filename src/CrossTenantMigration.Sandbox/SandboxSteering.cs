using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// The settings a test steers (<see cref="SandboxSettings"/>), read from and written to the parts that act on them:
    /// the options, the failure registry, the directory, the fault injector and the clock. Keeps the defaults the
    /// sandbox was made with, so that a reset restores them.
    /// </summary>
    internal sealed class SandboxSteering
    {
        // Transient faults a client must survive; 429 is throttling's, and a stall only costs time.
        private static readonly FaultKind[] TransientKinds =
            { FaultKind.Unavailable503, FaultKind.GatewayTimeout504, FaultKind.DropBeforeCommit, FaultKind.DropAfterCommit };

        private readonly SandboxOptions _options;
        private readonly SandboxClock _clock;
        private readonly JobStore _store;
        private readonly UserDirectory _directory;
        private readonly FaultInjector _faults;
        private readonly TimeSpan _defaultStep;
        private readonly bool _defaultRefuseAlternateKey;
        private readonly string[] _defaultAdminActionRequired;
        private int _seed;

        public SandboxSteering(SandboxOptions options, SandboxClock clock, JobStore store, UserDirectory directory, FaultInjector faults)
        {
            _options = options;
            _clock = clock;
            _store = store;
            _directory = directory;
            _faults = faults;
            _defaultStep = options.StepDuration;
            _defaultRefuseAlternateKey = options.RefuseAlternateKey;
            _defaultAdminActionRequired = options.AdminActionRequired.ToArray();
        }

        public SandboxSettings Get() => _store.Run(_ => Snapshot());

        /// <summary>Checks the whole change first, then applies it under the store's lock: all of it or none.</summary>
        public SandboxSettings Change(SandboxSettingsChange change)
        {
            if (change == null)
            {
                throw new ArgumentNullException(nameof(change));
            }

            Check(change);
            return _store.Run(now =>
            {
                var advance = ClockAdvance(change, now);
                // the users go in first: the directory may still refuse them (a name another user holds)
                if (change.DirectoryUsers != null)
                {
                    ThrowIfRejected(_directory.Add(change.DirectoryUsers));
                }

                ApplyOptions(change);
                ApplyFailures(_store.Failures.Steered, change);
                ApplyFaults(change);
                if (advance > TimeSpan.Zero)
                {
                    _clock.Advance(advance);
                }

                return Snapshot();
            });
        }

        /// <summary>The options back to what the sandbox was made with (the store, injector and clock reset themselves).</summary>
        public void RestoreDefaults()
        {
            _store.Run(_ =>
            {
                _options.StepDuration = _defaultStep;
                _options.RefuseAlternateKey = _defaultRefuseAlternateKey;
                _options.AdminActionRequired = new HashSet<string>(_defaultAdminActionRequired, StringComparer.OrdinalIgnoreCase);
                _seed = 0;
                return true;
            });
        }

        private SandboxSettings Snapshot()
        {
            var steered = _store.Failures.Steered;
            var faults = _faults.Faults;
            return new SandboxSettings
            {
                StepSec = _options.StepDuration.TotalSeconds,
                FailValidation = steered.Validate.OrderBy(id => id, StringComparer.Ordinal).ToArray(),
                FailMigration = steered.Migrate.OrderBy(id => id, StringComparer.Ordinal).ToArray(),
                Workload = steered.Workload ?? SandboxSettings.DefaultWorkload,
                ErrorCode = steered.Code,
                ErrorMessage = steered.Message,
                ThrottleEvery = _faults.Throttle?.EveryNth ?? 0,
                FaultPercent = Math.Round((faults?.Rate ?? 0) * 100, 9),
                Seed = faults?.Seed ?? _seed,
                LoseNextCreateReply = _faults.PendingCounted(FaultTarget.Create) > 0,
                AdminActionRequired = _options.AdminActionRequired.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToArray(),
                RefuseAlternateKey = _options.RefuseAlternateKey,
                Now = _clock.UtcNow,
            };
        }

        // The cmdlet's parameter attributes refuse these first; the checks stand for other callers.
        private static void Check(SandboxSettingsChange change)
        {
            if (change.StepSec.HasValue && !(change.StepSec.Value >= 0 && change.StepSec.Value <= TimeSpan.MaxValue.TotalSeconds / 2))
            {
                throw new ArgumentOutOfRangeException(nameof(change), change.StepSec, "StepSec must be zero or more.");
            }

            if (change.ThrottleEvery < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(change), change.ThrottleEvery, "ThrottleEvery must be zero or more.");
            }

            if (change.FaultPercent.HasValue && !(change.FaultPercent.Value >= 0 && change.FaultPercent.Value <= 100))
            {
                throw new ArgumentOutOfRangeException(nameof(change), change.FaultPercent, "FaultPercent must be between 0 and 100.");
            }

            if (change.Workload != null && !IsDefault(change.Workload) && WireWorkload.Canonical(change.Workload) == null)
            {
                throw new ArgumentException($"Unknown workload '{change.Workload}'. Use Exchange, ODSP, Teams, Meeting or {SandboxSettings.DefaultWorkload}.", nameof(change));
            }

            foreach (var id in (change.FailValidation ?? new string[0]).Concat(change.FailMigration ?? new string[0]))
            {
                if (id == null || !Guid.TryParse(id.Trim(), out _))
                {
                    throw new ArgumentException($"'{id}' is not a user id (a GUID).", nameof(change));
                }
            }

            if (change.Now.HasValue && change.AdvanceBy.HasValue)
            {
                throw new ArgumentException("Give Now or AdvanceBy, not both.", nameof(change));
            }

            if (change.DirectoryUsers != null)
            {
                ThrowIfRejected(UserDirectory.Check(change.DirectoryUsers));
            }
        }

        /// <summary>Users refused for the directory are the caller's mistake, named by the parameter that gave them.</summary>
        private static void ThrowIfRejected(DirectoryUserRejection? rejection)
        {
            if (rejection == null)
            {
                return;
            }

            string errorId = rejection.Fault == DirectoryUserFault.InvalidId ? ErrorIds.InvalidUserId
                : rejection.Fault == DirectoryUserFault.InvalidUserPrincipalName ? ErrorIds.InvalidUserPrincipalName
                : ErrorIds.DuplicateResourceId;
            throw new InputValidationException(new InputError(errorId, "DirectoryUser",
                "The -DirectoryUser parameter was refused, and nothing changed: " + rejection.Message, rejection.Value));
        }

        /// <summary>How far the clock moves; a time before its now is the caller's mistake, named by its parameter.</summary>
        private static TimeSpan ClockAdvance(SandboxSettingsChange change, DateTimeOffset now)
        {
            if (change.AdvanceBy.HasValue)
            {
                if (change.AdvanceBy.Value < TimeSpan.Zero)
                {
                    throw new InputValidationException(new InputError(ErrorIds.InvalidSandboxTime, "AdvanceBy",
                        $"The -AdvanceBy parameter must be zero or more ({change.AdvanceBy.Value} is negative): the sandbox clock only moves forward.", change.AdvanceBy.Value));
                }

                return change.AdvanceBy.Value;
            }

            if (change.Now.HasValue && change.Now.Value < now)
            {
                throw new InputValidationException(new InputError(ErrorIds.InvalidSandboxTime, "Now",
                    $"The -Now parameter ({change.Now.Value.ToUniversalTime():yyyy-MM-dd HH:mm:ss.fff}Z) is before the sandbox clock ({now:yyyy-MM-dd HH:mm:ss.fff}Z): the clock only moves forward. Resetting the sandbox brings it back to real time.", change.Now.Value));
            }

            return change.Now.HasValue ? change.Now.Value - now : TimeSpan.Zero;
        }

        private void ApplyOptions(SandboxSettingsChange change)
        {
            if (change.StepSec.HasValue)
            {
                _options.StepDuration = TimeSpan.FromTicks((long)Math.Round(change.StepSec.Value * TimeSpan.TicksPerSecond));
            }

            if (change.RefuseAlternateKey.HasValue)
            {
                _options.RefuseAlternateKey = change.RefuseAlternateKey.Value;
            }

            if (change.AdminActionRequired != null)
            {
                _options.AdminActionRequired = new HashSet<string>(change.AdminActionRequired.Where(n => n != null), StringComparer.OrdinalIgnoreCase);
            }
        }

        private static void ApplyFailures(SteeredFailures steered, SandboxSettingsChange change)
        {
            if (change.FailValidation != null)
            {
                steered.SetUsers(FailurePhase.Validate, change.FailValidation);
            }

            if (change.FailMigration != null)
            {
                steered.SetUsers(FailurePhase.Migrate, change.FailMigration);
            }

            if (change.Workload != null)
            {
                steered.Workload = IsDefault(change.Workload) ? null : WireWorkload.Canonical(change.Workload);
            }

            steered.Code = change.ErrorCode ?? steered.Code;
            steered.Message = change.ErrorMessage ?? steered.Message;
        }

        private static bool IsDefault(string workload) => string.Equals(workload.Trim(), SandboxSettings.DefaultWorkload, StringComparison.OrdinalIgnoreCase);

        private void ApplyFaults(SandboxSettingsChange change)
        {
            if (change.ThrottleEvery.HasValue)
            {
                _faults.Throttle = change.ThrottleEvery.Value > 0 ? new ThrottleSettings { EveryNth = change.ThrottleEvery.Value } : null;
            }

            if (change.FaultPercent.HasValue || change.Seed.HasValue)
            {
                // Setting the faults again restarts their random sequence: the same seed repeats the same faults.
                _seed = change.Seed ?? _faults.Faults?.Seed ?? _seed;
                double rate = change.FaultPercent.HasValue ? change.FaultPercent.Value / 100 : _faults.Faults?.Rate ?? 0;
                _faults.Faults = rate > 0 ? new FaultSettings { Rate = rate, Kinds = TransientKinds.ToList(), Seed = _seed } : null;
            }

            if (change.LoseNextCreateReply == true && _faults.PendingCounted(FaultTarget.Create) == 0)
            {
                _faults.InjectCounted(FaultKind.DropAfterCommit, 1, "POST", FaultTarget.Create);
            }
            else if (change.LoseNextCreateReply == false)
            {
                _faults.ClearCounted(FaultTarget.Create);
            }
        }
    }
}
