using System;
using System.Threading.Tasks;

namespace CrossTenantMigration.Emulator.Host
{
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            if (args.Length == 1 && (args[0] == "--help" || args[0] == "-h" || args[0] == "-?"))
            {
                Console.Out.WriteLine(EmulatorHostOptions.Usage);
                return 0;
            }

            EmulatorHostOptions options;
            try
            {
                options = EmulatorHostOptions.Parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine(EmulatorHostOptions.Usage);
                return 2;
            }

            EmulatorHost host;
            try
            {
                host = await EmulatorHost.StartAsync(options).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine("The emulator host could not start: " + e.Message);
                return 1;
            }

            await using (host)
            {
                Console.Out.WriteLine("EMULATOR_URL=" + host.HttpUrl.GetLeftPart(UriPartial.Authority));
                if (host.HttpsUrl != null)
                {
                    Console.Out.WriteLine("EMULATOR_HTTPS_URL=" + host.HttpsUrl.GetLeftPart(UriPartial.Authority));
                }

                if (host.Hostile != null)
                {
                    Console.Out.WriteLine("CAPTURE_URL=" + host.Hostile.Capture.Url.GetLeftPart(UriPartial.Authority));
                    Console.Out.WriteLine("CAPTURE_LOOPBACK_URL=" + host.Hostile.Capture.LoopbackUrl.GetLeftPart(UriPartial.Authority));
                }

                Console.Out.Flush();
                await host.WaitForShutdownAsync().ConfigureAwait(false);
            }

            return 0;
        }
    }
}
