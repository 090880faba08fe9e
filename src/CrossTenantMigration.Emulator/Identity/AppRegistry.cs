using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace CrossTenantMigration.Emulator
{
    /// <summary>A registered app with its certificates read once.</summary>
    internal sealed class AppEntry
    {
        public AppEntry(string clientId, AppRegistration registration, List<X509Certificate2> certificates)
        {
            ClientId = clientId;
            Registration = registration;
            Certificates = certificates;
        }

        public string ClientId { get; }
        public AppRegistration Registration { get; }
        public List<X509Certificate2> Certificates { get; }
    }

    /// <summary>The app registrations of the token service, by client id (case-insensitive).</summary>
    internal sealed class AppRegistry
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, AppEntry> _apps = new Dictionary<string, AppEntry>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Registers (or replaces) an app. Throws <see cref="ArgumentException"/> for an unreadable certificate.</summary>
        public void Register(string clientId, AppRegistration registration)
        {
            if (string.IsNullOrWhiteSpace(clientId))
            {
                throw new ArgumentException("A client id is required.", nameof(clientId));
            }

            ArgumentNullException.ThrowIfNull(registration);
            var copy = registration.Clone();
            if (copy.TokenLifetime <= TimeSpan.Zero || copy.DeviceCodeLifetime <= TimeSpan.Zero || copy.AutoApprove < TimeSpan.Zero)
            {
                throw new ArgumentException("TokenLifetime and DeviceCodeLifetime must be positive, AutoApprove zero or more.", nameof(registration));
            }

            List<X509Certificate2> certificates;
            try
            {
                certificates = copy.CertificatePem == null ? new List<X509Certificate2>() : CertificatePem.Parse(copy.CertificatePem);
            }
            catch (FormatException e)
            {
                throw new ArgumentException("certificatePem: " + e.Message, nameof(registration), e);
            }

            lock (_gate)
            {
                _apps[clientId.Trim()] = new AppEntry(clientId.Trim(), copy, certificates);
            }
        }

        public bool Remove(string clientId)
        {
            lock (_gate)
            {
                return clientId != null && _apps.Remove(clientId.Trim());
            }
        }

        public AppEntry? Get(string clientId)
        {
            lock (_gate)
            {
                return clientId != null && _apps.TryGetValue(clientId.Trim(), out var app) ? app : null;
            }
        }

        public List<string> ClientIds()
        {
            lock (_gate)
            {
                return _apps.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase).ToList();
            }
        }

        /// <summary>The app a token request names; AADSTS700016 when it is not registered.</summary>
        public AppEntry Find(string clientId, string tenantSegment)
        {
            return Get(clientId) ?? throw new AadErrorException(
                HttpStatusCode.BadRequest,
                "unauthorized_client",
                700016,
                $"Application with identifier '{clientId}' was not found in the directory '{tenantSegment}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.");
        }
    }
}
