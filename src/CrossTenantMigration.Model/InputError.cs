using System;

namespace CrossTenantMigration
{
    /// <summary>A broken input rule: which parameter, which rule, what the user passed.</summary>
    public sealed class InputError
    {
        public InputError(string errorId, string parameterName, string message, object? value = null)
        {
            ErrorId = errorId;
            ParameterName = parameterName;
            Message = message;
            Value = value;
        }

        public string ErrorId { get; }
        public string ParameterName { get; }
        public string Message { get; }
        public object? Value { get; }
    }

    /// <summary>Thrown when input breaks a rule; carries the <see cref="InputError"/>.</summary>
    public sealed class InputValidationException : MigrationException
    {
        public InputValidationException(InputError error) : base(error.ErrorId, error.Message) { Error = error; Target = error.Value; }
        public InputError Error { get; }
    }
}
