using System;
using System.Threading.Tasks;

namespace CrossTenantMigration.Protocol
{
    /// <summary>What the service shows after an action whose answer was lost or refused.</summary>
    internal sealed class ReadBack<T>
    {
        /// <summary>The action took effect; <see cref="Result"/> is its answer.</summary>
        public bool Done { get; set; }
        public T Result { get; set; } = default!;
        /// <summary>The target still awaits the action, so sending it again cannot apply it twice.</summary>
        public bool Awaiting { get; set; }
        /// <summary>The target's state in words, for the warning or the error.</summary>
        public string State { get; set; } = "";
        /// <summary>For a refusal that means more than the status lists say: the error to give instead.</summary>
        public Func<ServiceException, MigrationException?>? Refusal { get; set; }
    }

    /// <summary>
    /// Sends an action until the service shows it took effect, and never beyond. When the outcome of a
    /// send is unknown (504, lost connection) or the service refuses it (409), the target is read back:
    /// if the action took effect, that is the answer (with a warning); if the target still awaits it after
    /// an unknown outcome, it is sent again, which the service accepts only from those statuses; a real
    /// conflict is a refusal that states the status and what it allows.
    /// </summary>
    internal static class ActOnce
    {
        private const int MaxSends = 3;

        public static async Task<ActionOutcome<T>> RunAsync<T>(string action, Func<Task<T>> send, Func<Task<ReadBack<T>>> readBack)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return ActionOutcome<T>.Done(await send().ConfigureAwait(false));
                }
                catch (ServiceException ex) when (ex.OutcomeUnknown || ex.Kind == FailureKind.Conflict)
                {
                    var state = await readBack().ConfigureAwait(false);
                    if (state.Done)
                        return ex.OutcomeUnknown
                            ? ActionOutcome<T>.Done(state.Result, $"The answer to the {action} request was lost; {state.State}, so it took effect.")
                            : ActionOutcome<T>.AlreadyDone(state.Result, $"{Capitalized(state.State)}; the {action} was not requested again.");
                    if (ex.OutcomeUnknown && state.Awaiting && attempt < MaxSends)
                        continue;
                    if (ex.Kind != FailureKind.Conflict) throw;
                    return ActionOutcome<T>.Refused(state.Refusal?.Invoke(ex) ?? ex.WithMessage($"{ex.Message} {state.State}."));
                }
            }
        }

        private static string Capitalized(string text) =>
            text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
