using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CrossTenantMigration.Reporting
{
    /// <summary>What the report says about where it comes from.</summary>
    internal sealed class ReportHeader
    {
        public DateTimeOffset GeneratedAt { get; set; }
        public string? TenantId { get; set; }
        public string ApiVersion { get; set; } = "";
        public string Endpoint { get; set; } = "";

        /// <summary>The zone every time of the report is given in: the computer's own, where the admin reads it.</summary>
        public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Local;
    }

    /// <summary>
    /// The report's times, all in one zone and each with its offset from UTC: a cutover shown without its zone
    /// is read as local by some and as UTC by others, hours apart.
    /// </summary>
    internal sealed class ReportTimes
    {
        private readonly TimeZoneInfo _zone;

        public ReportTimes(TimeZoneInfo zone) => _zone = zone;

        public TimeZoneInfo Zone => _zone;

        /// <summary>For people: 2026-12-20 17:00 -05:00.</summary>
        public string Shown(DateTimeOffset? value) =>
            value.HasValue ? In(value.Value).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture) : "";

        /// <summary>For tools: ISO 8601 with the offset, 2026-12-20T17:00:00-05:00, with fractions of a second only when there are any.</summary>
        public string? Iso(DateTimeOffset? value) =>
            value.HasValue ? In(value.Value).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture) : null;

        /// <summary>The same instant in the report's zone, with the offset the zone has at that instant (daylight saving time included).</summary>
        public DateTimeOffset In(DateTimeOffset value) => TimeZoneInfo.ConvertTime(value, _zone);

        /// <summary>+01:00, -05:00, +00:00.</summary>
        public static string Offset(TimeSpan offset) =>
            (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

        /// <summary>The offset the zone has at an instant.</summary>
        public string OffsetAt(DateTimeOffset at) => Offset(_zone.GetUtcOffset(at));

        /// <summary>The zone's name at an instant: its daylight saving name in summer, its standard name otherwise; the id when it has no name.</summary>
        public string NameAt(DateTimeOffset at)
        {
            var name = _zone.SupportsDaylightSavingTime && _zone.IsDaylightSavingTime(at) ? _zone.DaylightName : _zone.StandardName;
            return string.IsNullOrWhiteSpace(name) ? _zone.Id : name;
        }

        /// <summary>"Times are in UTC-05:00 (Eastern Standard Time, America/New_York), ...": what the reader needs to read every time of the report.</summary>
        public string Statement(DateTimeOffset at)
        {
            var name = NameAt(at);
            var named = string.Equals(name, _zone.Id, StringComparison.OrdinalIgnoreCase) ? name : $"{name}, {_zone.Id}";
            var each = _zone.SupportsDaylightSavingTime
                ? "Each time shows its own offset from UTC, which changes with daylight saving time."
                : "Each time shows its offset from UTC.";
            return $"Times are in UTC{OffsetAt(at)} ({named}), the time zone of the computer that wrote this report. {each}";
        }
    }

    /// <summary>How a workload of a user stands, in the five words a reader needs (and cancelled).</summary>
    internal enum Progress
    {
        Completed,
        InProgress,
        Failed,
        Invalid,
        NotStarted,
        Cancelled,
    }

    /// <summary>Maps the service's workload statuses onto <see cref="Progress"/>, with the label and symbol each is shown by.</summary>
    internal static class ProgressOf
    {
        public static readonly Progress[] All = { Progress.Completed, Progress.InProgress, Progress.Failed, Progress.Invalid, Progress.NotStarted, Progress.Cancelled };

        public static Progress Status(string? status)
        {
            switch (WorkloadStatus.Normalize(status))
            {
                case WorkloadStatus.Completed: return Progress.Completed;
                case WorkloadStatus.Failed:
                case WorkloadStatus.Error: return Progress.Failed;
                case WorkloadStatus.Invalid: return Progress.Invalid;
                case WorkloadStatus.Cancelled:
                case WorkloadStatus.PendingCancel: return Progress.Cancelled;
                case WorkloadStatus.NotStarted:
                case WorkloadStatus.Valid:
                case null: return Progress.NotStarted;
                default: return Progress.InProgress;
            }
        }

        public static string Label(Progress progress)
        {
            switch (progress)
            {
                case Progress.Completed: return "Completed";
                case Progress.InProgress: return "In progress";
                case Progress.Failed: return "Failed";
                case Progress.Invalid: return "Invalid";
                case Progress.Cancelled: return "Cancelled";
                default: return "Not started";
            }
        }

        /// <summary>A symbol for each, so that nobody needs the colours to tell them apart.</summary>
        public static string Symbol(Progress progress)
        {
            switch (progress)
            {
                case Progress.Completed: return "\u2714"; // heavy check mark
                case Progress.InProgress: return "\u25D0"; // circle with left half black
                case Progress.Failed: return "\u2716"; // heavy multiplication x
                case Progress.Invalid: return "\u26A0"; // warning sign
                case Progress.Cancelled: return "\u2298"; // circled division slash
                default: return "\u25CB"; // white circle
            }
        }
    }

    /// <summary>The counts of one workload across the report's users.</summary>
    internal sealed class WorkloadTally
    {
        private readonly int[] _counts = new int[ProgressOf.All.Length];

        public WorkloadTally(string workload) => Workload = workload;

        public string Workload { get; }
        public int Total => _counts.Sum();
        public int this[Progress progress] => _counts[(int)progress];
        public void Add(Progress progress) => _counts[(int)progress]++;
    }

    /// <summary>One row of the report: a user of a job, with each workload's status and the first error.</summary>
    internal sealed class UserRow
    {
        public UserRow(MigrationJob job, MigrationUser user)
        {
            JobName = job.DisplayName;
            JobId = job.Id;
            UserId = user.Id;
            UserPrincipalName = user.UserPrincipalName;
            DisplayName = user.DisplayName;
            LastUpdatedDateTime = user.LastUpdatedDateTime;
            CompleteAfterDateTime = job.CompleteAfterDateTime;
            ExchangeStatus = user.ExchangeStatus;
            ODSPStatus = user.ODSPStatus;
            TeamsStatus = user.TeamsStatus;
            MeetingStatus = user.MeetingStatus;
            var error = user.Errors.FirstOrDefault();
            ErrorWorkload = error?.Workload;
            ErrorCode = error?.Code;
            var failing = Failing(user);
            ErrorMessage = error?.Message ?? (failing ? user.Message : null);
            // A failure without an error object still gets the remedy for an error without a code: read the message.
            Remedy = error?.Remedy ?? (failing ? UserErrorRemedies.For(null).Text : null);
            Errors = user.Errors;
        }

        public string JobName { get; }
        public string JobId { get; }
        public string UserId { get; }
        public string? UserPrincipalName { get; }
        public string? DisplayName { get; }
        public DateTimeOffset? CompleteAfterDateTime { get; }
        public DateTimeOffset? LastUpdatedDateTime { get; }
        public string? ExchangeStatus { get; }
        public string? ODSPStatus { get; }
        public string? TeamsStatus { get; }
        public string? MeetingStatus { get; }
        public string? ErrorWorkload { get; }
        public string? ErrorCode { get; }
        public string? ErrorMessage { get; }

        /// <summary>What to do about the first error.</summary>
        public string? Remedy { get; }

        public MigrationUserError[] Errors { get; }

        /// <summary>The workloads that failed or are invalid, with why.</summary>
        public static IEnumerable<MigrationWorkloadStatus> Failures(MigrationUser user) =>
            user.Workloads.Where(w => ProgressOf.Status(w.Status) == Progress.Failed || ProgressOf.Status(w.Status) == Progress.Invalid);

        private static bool Failing(MigrationUser user) => Failures(user).Any();
    }
}
