namespace CrossTenantMigration.Protocol
{
    public enum OutcomeKind
    {
        /// <summary>The action was carried out.</summary>
        Done,
        /// <summary>The target was already where the action would take it; nothing was sent, or the service said so.</summary>
        AlreadyDone,
        /// <summary>The target's status does not allow the action.</summary>
        Refused,
    }

    /// <summary>How an action ended: done, already done (with the answer as things are), or refused (with why).</summary>
    public sealed class ActionOutcome<T>
    {
        private ActionOutcome(OutcomeKind kind, T result, string? warning, MigrationException? refusal)
        {
            Kind = kind;
            Result = result;
            Warning = warning;
            Refusal = refusal;
        }

        public OutcomeKind Kind { get; }

        /// <summary>The answer, unless refused.</summary>
        public T Result { get; }

        /// <summary>What the user should know about how the answer came about (a lost reply, a repeated step).</summary>
        public string? Warning { get; }

        /// <summary>Why the action was refused: the status, and what it allows.</summary>
        public MigrationException? Refusal { get; }

        /// <summary>The same outcome with another answer (the job read again after the action, say).</summary>
        public ActionOutcome<T> WithResult(T result) => Kind == OutcomeKind.Refused ? this : new ActionOutcome<T>(Kind, result, Warning, Refusal);

        public static ActionOutcome<T> Done(T result, string? warning = null) => new ActionOutcome<T>(OutcomeKind.Done, result, warning, null);

        public static ActionOutcome<T> AlreadyDone(T result, string warning) => new ActionOutcome<T>(OutcomeKind.AlreadyDone, result, warning, null);

        public static ActionOutcome<T> Refused(MigrationException refusal) => new ActionOutcome<T>(OutcomeKind.Refused, default!, null, refusal);
    }
}
