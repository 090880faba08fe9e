using System;

namespace CrossTenantMigration.Engine
{
    /// <summary>
    /// The transport would not go on with what the service handed back: a link it does not follow, an
    /// answer it does not read, a request it does not send. Nothing more was sent because of it.
    /// </summary>
    internal sealed class RefusedException : Exception
    {
        /// <param name="message">What was refused and why, a sentence completing "{operation} failed: ".</param>
        public RefusedException(string errorId, FailureKind kind, string message, bool outcomeUnknown = false)
            : base(message)
        {
            ErrorId = errorId;
            Kind = kind;
            OutcomeUnknown = outcomeUnknown;
        }

        public string ErrorId { get; }
        public FailureKind Kind { get; }

        /// <summary>An action's success answer was refused: the action took effect, and what it produced must be read back.</summary>
        public bool OutcomeUnknown { get; }
    }
}
