using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration.Emulator
{
    internal enum DeviceCodeStatus
    {
        Pending,
        Approved,
        Denied,
        Redeemed,
        Expired,
    }

    /// <summary>A device code and its state; expiry and auto-approval run on real time.</summary>
    internal sealed class DeviceCodeEntry
    {
        public long Sequence { get; set; }
        public string DeviceCode { get; set; } = "";
        public string UserCode { get; set; } = "";
        public string ClientId { get; set; } = "";
        public DateTimeOffset ExpiresAt { get; set; }
        public DateTimeOffset? AutoApproveAt { get; set; }
        public DeviceCodeStatus Status { get; set; }

        public DeviceCodeStatus EffectiveStatus(DateTimeOffset now)
        {
            if (Status == DeviceCodeStatus.Redeemed || Status == DeviceCodeStatus.Denied)
            {
                return Status;
            }

            if (now >= ExpiresAt)
            {
                return DeviceCodeStatus.Expired;
            }

            if (Status == DeviceCodeStatus.Pending && AutoApproveAt.HasValue && now >= AutoApproveAt.Value)
            {
                return DeviceCodeStatus.Approved;
            }

            return Status;
        }
    }

    /// <summary>The device codes issued, their approval (admin API or by themselves) and their single redemption.</summary>
    internal sealed class DeviceCodeStore
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, DeviceCodeEntry> _codes = new Dictionary<string, DeviceCodeEntry>(StringComparer.Ordinal);

        /// <summary>A new pending code for the app.</summary>
        public DeviceCodeEntry Issue(AppEntry app)
        {
            var now = DateTimeOffset.UtcNow;
            var reg = app.Registration;
            var entry = new DeviceCodeEntry
            {
                DeviceCode = IdentityText.RandomToken(48),
                UserCode = IdentityText.RandomUserCode(),
                ClientId = app.ClientId,
                ExpiresAt = now + reg.DeviceCodeLifetime,
                AutoApproveAt = reg.AutoApprove.HasValue ? now + reg.AutoApprove.Value : (DateTimeOffset?)null,
                Status = DeviceCodeStatus.Pending,
            };
            lock (_gate)
            {
                entry.Sequence = _codes.Count + 1;
                _codes[entry.DeviceCode] = entry;
            }

            return entry;
        }

        /// <summary>Approves or declines a pending code by its user code (case-insensitive); false when no usable code has it.</summary>
        public bool Decide(string userCode, DeviceCodeStatus decision)
        {
            if (string.IsNullOrWhiteSpace(userCode))
            {
                return false;
            }

            var now = DateTimeOffset.UtcNow;
            lock (_gate)
            {
                var entry = _codes.Values.FirstOrDefault(d => string.Equals(d.UserCode, userCode.Trim(), StringComparison.OrdinalIgnoreCase));
                if (entry == null || entry.EffectiveStatus(now) != DeviceCodeStatus.Pending)
                {
                    return false;
                }

                entry.Status = decision;
                return true;
            }
        }

        /// <summary>
        /// The status of the app's code as the token endpoint sees it; an approved code is redeemed by this call.
        /// Null when the code is unknown or another app's.
        /// </summary>
        public DeviceCodeStatus? Redeem(string deviceCode, string clientId)
        {
            var now = DateTimeOffset.UtcNow;
            lock (_gate)
            {
                if (!_codes.TryGetValue(deviceCode, out var entry) || !string.Equals(entry.ClientId, clientId, StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                var status = entry.EffectiveStatus(now);
                if (status == DeviceCodeStatus.Approved)
                {
                    entry.Status = DeviceCodeStatus.Redeemed;
                }

                return status;
            }
        }

        /// <summary>The codes issued so far (newest first), with their state.</summary>
        public IList<DeviceCodeInfo> List()
        {
            var now = DateTimeOffset.UtcNow;
            lock (_gate)
            {
                return _codes.Values
                    .OrderByDescending(d => d.Sequence)
                    .Select(d => new DeviceCodeInfo { UserCode = d.UserCode, ClientId = d.ClientId, Status = Name(d.EffectiveStatus(now)), ExpiresOn = d.ExpiresAt })
                    .ToList();
            }
        }

        public void Reset()
        {
            lock (_gate)
            {
                _codes.Clear();
            }
        }

        private static string Name(DeviceCodeStatus status)
        {
            switch (status)
            {
                case DeviceCodeStatus.Pending: return "pending";
                case DeviceCodeStatus.Approved: return "approved";
                case DeviceCodeStatus.Denied: return "denied";
                case DeviceCodeStatus.Redeemed: return "redeemed";
                default: return "expired";
            }
        }
    }
}
