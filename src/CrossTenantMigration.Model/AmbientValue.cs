using System;
using System.Threading;

namespace CrossTenantMigration
{
    /// <summary>
    /// A value that follows an async flow, set for the length of a scope: what a cmdlet's work carries down to the HTTP
    /// pipeline, which every cmdlet of a session shares (its log, its request gate).
    /// </summary>
    internal sealed class AmbientValue<T> where T : class
    {
        private readonly AsyncLocal<T?> _value = new AsyncLocal<T?>();

        public T? Value => _value.Value;

        /// <summary>Makes <paramref name="value"/> the current one until the result is disposed.</summary>
        public IDisposable Begin(T value)
        {
            var restore = new Restore(this, _value.Value);
            _value.Value = value;
            return restore;
        }

        private sealed class Restore : IDisposable
        {
            private readonly AmbientValue<T> _owner;
            private readonly T? _previous;
            public Restore(AmbientValue<T> owner, T? previous) { _owner = owner; _previous = previous; }
            public void Dispose() => _owner._value.Value = _previous;
        }
    }
}
