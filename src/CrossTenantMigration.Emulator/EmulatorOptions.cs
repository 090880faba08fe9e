namespace CrossTenantMigration.Emulator
{
    /// <summary>
    /// Behaviour switches of <see cref="MigrationServiceEmulator"/>: the sandbox's options (the same live object the
    /// sandbox reads).
    /// </summary>
    public sealed class EmulatorOptions : SandboxOptions
    {
    }
}
